"""Malformed catalog files are rejected with the file, the line and the field named."""
import pytest

from kiosk.domain.catalog import CatalogError, load_catalog

from .helpers import MINIMAL_MATTER, line_of, write_catalog


def _problems(tmp_path, text):
    write_catalog(tmp_path, text)
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    return caught.value.problems


def test_minimal_matter_loads(tmp_path):
    catalog = load_catalog(write_catalog(tmp_path))
    matter = catalog.get("sample")
    assert matter.name.get("en") == "Sample matter" and matter.name.get("zh-CN") == "示例事项"
    assert matter.name.get("fr") == "示例事项"
    assert not matter.needs_originals


def test_wrong_type_names_file_line_and_field(tmp_path):
    text = MINIMAL_MATTER.replace("promised_days: 5", "promised_days: five")
    [problem] = _problems(tmp_path, text)
    assert problem.file.endswith("sample.yaml")
    assert problem.line == line_of(text, "promised_days")
    assert problem.field == "promised_days"
    assert "sample.yaml:" in str(problem)


def test_unknown_field_is_an_error(tmp_path):
    text = MINIMAL_MATTER.replace("    doc_types: [id_card_front, id_card_back]",
                                  "    doc_types: [id_card_front, id_card_back]\n    colour: red")
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "colour: red")
    assert problem.field == "materials[id_card].colour"
    assert "Extra inputs" in problem.message


def test_unknown_document_type_is_an_error(tmp_path):
    text = MINIMAL_MATTER.replace("[id_card_front, id_card_back]", "[id_card_front, driving_licence]")
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "driving_licence")
    assert "driving_licence" in problem.message


@pytest.mark.parametrize("source", ["card.shoe_size", "material.id_card.colour", "material.lease.address",
                                    "form.nothing", "database.name", "form.name"])
def test_unknown_prefill_source_is_an_error(tmp_path, source):
    text = MINIMAL_MATTER.replace("prefill: card.name", f"prefill: {source}")
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "prefill:")
    assert problem.field == "fields[name].prefill"
    assert source in problem.message or "itself" in problem.message


def test_prefill_from_an_extracted_field_is_accepted(tmp_path):
    text = MINIMAL_MATTER.replace("prefill: card.name", "prefill: material.id_card.name")
    assert load_catalog(write_catalog(tmp_path, text)).get("sample").fields[0].prefill == "material.id_card.name"


RULE = """\
rules:
  - id: adult
    category: eligibility
    severity: block
    when: {when}
    message: {{zh: 须年满18周岁, en: Must be 18}}
"""


@pytest.mark.parametrize("when, words", [
    ('{"older_than": [{"var": "age"}, 18]}', "unknown operator 'older_than'"),
    ('{"<": [{"var": "age"}, 18], ">": [1, 2]}', "exactly one operator"),
    ('{"<": [{"today": []}, 18]}', "not allowed"),
    ('"age < 18"', "JSON Logic expression"),
])
def test_rule_that_does_not_parse_is_an_error(tmp_path, when, words):
    text = MINIMAL_MATTER + RULE.format(when=when)
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "when:")
    assert problem.field == "rules[adult].when"
    assert words in problem.message


def test_rule_reading_an_unknown_variable_is_an_error(tmp_path):
    text = MINIMAL_MATTER + RULE.format(when='{"<": [{"var": "form.age"}, 18]}')
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "when:")
    assert "form.age" in problem.message


def test_yaml_syntax_error_names_the_line(tmp_path):
    text = MINIMAL_MATTER.replace("category: personal", "category: [personal")
    [problem] = _problems(tmp_path, text)
    assert problem.line >= line_of(text, "category:")
    assert "YAML" in problem.message


def test_replaceable_material_needs_its_commitment(tmp_path):
    text = MINIMAL_MATTER + "    replaceable: true\n"
    [problem] = _problems(tmp_path, text)
    assert "commitment" in problem.message
    assert problem.line == line_of(text, "- id: id_card")


def test_every_problem_of_every_file_is_reported_at_once(tmp_path):
    write_catalog(tmp_path, MINIMAL_MATTER.replace("promised_days: 5", "promised_days: x"), "a.yaml")
    write_catalog(tmp_path, MINIMAL_MATTER.replace("id: sample", "id: other").replace("category: personal",
                                                                                     "category: leisure"), "b.yaml")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    assert sorted(p.file.rsplit("/", 1)[-1] for p in caught.value.problems) == ["a.yaml", "b.yaml"]


def test_bundle_of_unknown_matter_is_an_error(tmp_path):
    write_catalog(tmp_path)
    (tmp_path / "bundles").mkdir()
    (tmp_path / "bundles" / "b.yaml").write_text(
        "id: both\nname: {zh: 一件事, en: Bundle}\ndescription: {zh: 说明, en: About}\n"
        "department: {zh: 部门, en: Dept}\nmatters: [sample, missing_one]\n", encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    [problem] = caught.value.problems
    assert problem.line == 5 and "missing_one" in problem.message


def test_example_image_must_ship_with_the_catalog(tmp_path):
    text = MINIMAL_MATTER + "    example: id_card.png\n"
    [problem] = _problems(tmp_path, text)
    assert problem.line == line_of(text, "example:") and "id_card.png" in problem.message
    (tmp_path / "examples").mkdir()
    (tmp_path / "examples" / "id_card.png").write_bytes(b"\x89PNG\r\n\x1a\n")
    assert load_catalog(tmp_path).get("sample").materials[0].example == "id_card.png"


def test_example_image_name_cannot_leave_the_folder(tmp_path):
    [problem] = _problems(tmp_path, MINIMAL_MATTER + "    example: ../../etc/passwd.png\n")
    assert problem.field == "materials[id_card].example"


def test_prefill_cycle_is_an_error(tmp_path):
    text = MINIMAL_MATTER.replace("prefill: card.name", "prefill: form.alias").replace("materials:", """\
  - id: alias
    type: text
    label: {zh: 别名, en: Alias}
    prefill: form.name
materials:""")
    problems = _problems(tmp_path, text)
    assert {p.field for p in problems} == {"fields[name].prefill", "fields[alias].prefill"}
    assert all("cycle" in p.message for p in problems)


def test_bundle_field_with_a_wrong_source_points_at_the_bundle(tmp_path):
    write_catalog(tmp_path)
    write_catalog(tmp_path, MINIMAL_MATTER.replace("id: sample", "id: second"), "second.yaml")
    (tmp_path / "bundles").mkdir()
    text = ("id: both\nname: {zh: 一件事, en: Bundle}\ndescription: {zh: 说明, en: About}\n"
            "department: {zh: 部门, en: Dept}\nmatters: [sample, second]\nfields:\n"
            "  - id: child\n    type: text\n    label: {zh: 子女, en: Child}\n    prefill: material.birth.child_name\n")
    (tmp_path / "bundles" / "both.yaml").write_text(text, encoding="utf-8")
    with pytest.raises(CatalogError) as caught:
        load_catalog(tmp_path)
    [problem] = caught.value.problems
    assert problem.file.endswith("both.yaml") and problem.line == 6
    assert problem.field == "fields[child].prefill" and "birth" in problem.message
