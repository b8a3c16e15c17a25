"""Property tests: the pre-review takes any values without failing and never approves at once wrongly."""
from dataclasses import replace
from datetime import date

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from devices.idcard.base import RESIDENT, IdentityCard
from kiosk.domain.catalog import DEFAULT_DIR, load_catalog
from kiosk.domain.facts import CapturedMaterial, CapturedPage, CaseFacts
from kiosk.domain.prereview import review
from ocr import doctypes
from ocr.types import DocumentReading, Field, Mark, OcrResult, QualityCheck, QualityReport

CATALOG = load_catalog(DEFAULT_DIR)
MATTERS = CATALOG.all()
FIELD_NAMES = sorted({n for names in doctypes.FIELDS.values() for n in names})
BOX = ((0.0, 0.0), (1.0, 0.0), (1.0, 1.0), (0.0, 1.0))

# Values that exercise the parsers: ID-like digits, dates, 长期, confusables, plain noise.
values = st.one_of(
    st.text(max_size=24),
    st.from_regex(r"[0-9]{17}[0-9X]", fullmatch=True),
    st.dates(min_value=date(1900, 1, 1), max_value=date(2100, 12, 31)).map(date.isoformat),
    st.sampled_from(["长期", "", "2026-02-30", "杭州市西湖区", "O0l1", "91330106MA28LQ1X26"]),
)
confidence = st.floats(min_value=0, max_value=1)


@st.composite
def readings(draw):
    fields = draw(st.dictionaries(st.sampled_from(FIELD_NAMES), values, max_size=6))
    failed = draw(st.sets(st.sampled_from(["sharpness", "glare", "exposure", "in_frame", "resolution"])))
    return DocumentReading(
        doc_type=draw(st.sampled_from(doctypes.ALL)), type_confidence=draw(confidence),
        fields={k: Field(name=k, value=v, confidence=draw(confidence)) for k, v in fields.items()},
        ocr=OcrResult((), 100, 100, "property"),
        quality=QualityReport(tuple(QualityCheck(c, c not in failed, 0.5, 0.5, "重拍" if c in failed else "")
                                    for c in ["sharpness", "glare", "exposure", "in_frame", "resolution"])),
        marks=tuple(Mark(k, BOX, draw(confidence)) for k in draw(st.lists(st.sampled_from(["seal", "signature"]),
                                                                           max_size=2))))


@st.composite
def cases(draw):
    matter = draw(st.sampled_from(MATTERS))
    form = draw(st.fixed_dictionaries({}, optional={f.id: values for f in matter.fields}))
    card = draw(st.none() | st.builds(
        IdentityCard, card_type=st.just(RESIDENT), name=values, id_number=values, address=values,
        valid_until=st.none() | st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1))))
    materials = {}
    for spec in matter.materials:
        if draw(st.booleans()):
            pages = draw(st.lists(st.one_of(readings(), st.none()), max_size=3))
            materials[spec.id] = CapturedMaterial(
                spec.id, tuple(CapturedPage(i, r, error="" if r else draw(st.sampled_from(["", "blurred"])))
                               for i, r in enumerate(pages, 1)),
                deferred=draw(st.booleans()), committed=draw(st.booleans()))
    facts = CaseFacts(matter_id=matter.id, card=card, form=form, materials=materials,
                      today=draw(st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 1, 1))),
                      kiosk_region=draw(st.sampled_from(["", "330106", "330201"])),
                      applicant_flags=frozenset(draw(st.sets(st.sampled_from(["bad_credit", "high_risk"])))))
    return matter, facts


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(cases())
def test_review_never_fails_and_never_approves_at_once_with_problems(case):
    matter, facts = case
    result = review(matter, facts)
    assert not [f for f in result.findings if f.rule_id.endswith(".internal_error")], result.findings
    severities = {f.severity for f in result.findings}
    assert result.outcome in ("instant", "staff", "blocked")
    if "block" in severities:
        assert result.outcome == "blocked"
    if result.outcome == "instant":
        assert severities <= {"info"} and matter.instant_approval.allowed and facts.card is not None
        assert not result.deferred
    for finding in result.findings:
        assert finding.message.zh and finding.message.en
        assert finding.category in ("completeness", "quality", "type", "consistency", "validity", "format",
                                    "eligibility", "marks", "jurisdiction")


@settings(max_examples=100, deadline=None)
@given(cases())
def test_review_is_deterministic(case):
    matter, facts = case
    assert review(matter, facts) == review(matter, facts)


@settings(max_examples=200, deadline=None)
@given(st.sampled_from(MATTERS).flatmap(lambda m: st.tuples(
    st.just(m), st.fixed_dictionaries({}, optional={f.id: values for f in m.fields}))))
def test_form_validation_takes_any_text(case):
    from kiosk.domain.prefill import validate_form

    matter, form = case
    errors = validate_form(matter, form, today=date(2026, 11, 20))
    assert set(errors) <= {f.id for f in matter.fields}
    assert all(message.zh and message.en for message in errors.values())
    for f in matter.fields:
        if f.required and not form.get(f.id, "").strip():
            assert f.id in errors


# Clean applications the review approves at once: the ground for the fail-closed properties below.
def _instant_cases():
    from kiosk.domain.prereview.adversarial import generate

    out = []
    for case in generate("development", 170):
        if case.clean and review(CATALOG.get(case.matter_id), case.facts).outcome == "instant":
            out.append(case)
    return out


INSTANT_CASES = _instant_cases()


def _decisive(matter, facts):
    """(material id, page index, field) a check needs: rule variables, the owner's name, the ID back's validity."""
    from kiosk.domain.catalog import logic
    from kiosk.domain.prereview.people import OWNER_ROLE

    wanted = set()
    for expression in [r.when for r in matter.rules] + [matter.instant_approval.conditions]:
        for name in logic.variables(expression):
            parts = name.split(".")
            if parts[0] == "material" and len(parts) == 3 and parts[2] != "present":
                wanted.add((parts[1], parts[2]))
    out = []
    for material_id, captured in facts.materials.items():
        for i, page in enumerate(captured.pages):
            for name in page.reading.fields:
                owner = OWNER_ROLE.get(page.reading.doc_type, (None,))[0]
                if (material_id, name) in wanted or name == owner or (
                        page.reading.doc_type == doctypes.ID_CARD_BACK and name == "valid_until"):
                    out.append((material_id, i, name))
    return out


def _with_page(facts, material_id, i, reading):
    captured = facts.materials[material_id]
    pages = list(captured.pages)
    pages[i] = CapturedPage(pages[i].page_no, reading, pages[i].scan_id)
    materials = dict(facts.materials)
    materials[material_id] = CapturedMaterial(material_id, tuple(pages), captured.deferred, captured.committed)
    return CaseFacts(facts.matter_id, facts.card, facts.form, materials, facts.today, facts.kiosk_region,
                     facts.applicant_flags)


def test_the_fail_closed_properties_have_ground_to_stand_on():
    assert len(INSTANT_CASES) >= 20
    assert len({c.matter_id for c in INSTANT_CASES}) >= 5
    assert sum(bool(_decisive(CATALOG.get(c.matter_id), c.facts)) for c in INSTANT_CASES) >= 20


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_nothing_is_approved_at_once_when_a_check_could_not_run(data):
    case = data.draw(st.sampled_from([c for c in INSTANT_CASES if _decisive(CATALOG.get(c.matter_id), c.facts)]))
    matter = CATALOG.get(case.matter_id)
    material_id, i, name = data.draw(st.sampled_from(_decisive(matter, case.facts)))
    reading = case.facts.materials[material_id].pages[i].reading
    blank = data.draw(st.sampled_from(["drop", "empty"]))
    fields = {k: v for k, v in reading.fields.items() if k != name}
    if blank == "empty":
        fields[name] = Field(name=name, value="", confidence=0.99)
    result = review(matter, _with_page(case.facts, material_id, i, replace(reading, fields=fields)))
    assert result.outcome != "instant", (case.id, material_id, name)


@settings(max_examples=150, deadline=None)
@given(st.data())
def test_nothing_is_approved_at_once_when_someone_on_a_material_is_unexplained(data):
    case = data.draw(st.sampled_from(INSTANT_CASES))
    matter = CATALOG.get(case.matter_id)
    spots = [(m, i) for m, c in case.facts.materials.items() for i in range(len(c.pages))]
    material_id, i = data.draw(st.sampled_from(spots))
    field = data.draw(st.sampled_from(["guarantor_name", "agent_id_number", "name", "co_owner_name"]))
    reading = case.facts.materials[material_id].pages[i].reading
    if field in reading.fields:
        return      # a role the page's type already has: that is explained
    value = data.draw(st.sampled_from(["赵明", "孙丽娟", "330106198001011237"]))
    fields = {**reading.fields, field: Field(name=field, value=value, confidence=0.97)}
    result = review(matter, _with_page(case.facts, material_id, i, replace(reading, fields=fields)))
    assert result.outcome != "instant", (case.id, material_id, field)
