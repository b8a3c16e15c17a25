"""Rule families in detail: look-alike tolerance, evidence carried, region names, unjudgeable rules."""
from kiosk.domain.catalog.examples import case_facts
from kiosk.domain.catalog.yamlsource import load
from kiosk.domain.prereview import review
from kiosk.domain.compare import explained_by_confusables
from kiosk.domain.regions import address_in, resolve


def _review(catalog, matter_id, patch):
    base = load(catalog.root / "examples" / f"{matter_id}.yaml")["base"]
    return review(catalog.get(matter_id), case_facts(matter_id, base, patch))


def _lease(**fields):
    return {"materials": {"residence_proof": {"pages": [{"doc_type": "lease_contract", "marks": ["signature"],
                                                          "fields": {"address": "浙江省杭州市西湖区文三路100号",
                                                                     "start_date": "2025-03-01",
                                                                     "end_date": "2027-02-28", **fields}}]}}}


def test_look_alike_difference_is_for_staff_only_when_read_unsure(catalog):
    unsure = _review(catalog, "residence_permit", _lease(lessee_name={"value": "王睛", "confidence": 0.7}))
    [finding] = unsure.for_staff
    assert finding.rule_id == "consistency.name" and finding.material_id == "residence_proof"
    assert finding.value_read == "王睛" and finding.expected == "王晴" and finding.confidence == 0.7
    assert finding.box is not None and finding.page == 1
    sure = _review(catalog, "residence_permit", _lease(lessee_name={"value": "王睛", "confidence": 0.99}))
    assert [f.rule_id for f in sure.blocking] == ["consistency.name"]


def test_id_numbers_in_findings_are_masked(catalog):
    result = _review(catalog, "residence_permit", _lease(lessee_id_number="410302199506073538"))
    [finding] = [f for f in result.findings if f.rule_id == "consistency.id_number"]
    assert finding.value_read == "4103**********3538" and finding.expected == "4103**********3511"


def test_findings_of_declared_rules_point_at_their_evidence(catalog):
    result = _review(catalog, "e_business_licence", {"materials": {"business_licence": {"pages": [
        {"doc_type": "business_licence", "marks": ["seal"],
         "fields": {"legal_representative": "陈芳", "valid_until": "长期"}}]}}})
    [finding] = result.blocking
    assert finding.rule_id == "is_legal_representative"
    assert (finding.material_id, finding.field, finding.value_read) == ("business_licence", "legal_representative", "陈芳")
    assert finding.message.get("en").startswith("Only the legal representative")


def test_a_rule_that_cannot_be_judged_goes_to_staff(catalog):
    result = _review(catalog, "residence_permit", {"form": {"residence_since": "not a date"}})
    assert "lived_half_year" in {f.rule_id for f in result.for_staff}
    assert result.outcome == "blocked"    # the bad date itself is a form error the citizen fixes


def test_confusables():
    assert explained_by_confusables("33010619900IO21235", "330106199001021235")
    assert not explained_by_confusables("赵刚", "王晴")
    assert not explained_by_confusables("王晴", "王晴")


def test_region_names_from_the_code_table():
    assert resolve("浙江省杭州市西湖区文三路1号") == "330106" and resolve("浙江省") == "33"
    assert address_in("杭州市西湖区文三路1号", ("3301",))
    assert not address_in("宁波市海曙区中山路1号", ("3301",))


def test_household_matter_accepts_a_hangzhou_household_of_someone_born_elsewhere(catalog):
    patch = {"card": {"name": "王晴", "id_number": "410302199506073511", "address": "浙江省杭州市上城区解放路1号"},
             "form": {"name": "王晴", "id_number": "410302199506073511"},
             "materials": {"id_card": {"pages": [
                 {"doc_type": "id_card_front", "fields": {"name": "王晴", "id_number": "410302199506073511"}},
                 {"doc_type": "id_card_back", "fields": {"valid_until": "2026-12-10"}}]},
                 "hukou_member": {"pages": [{"doc_type": "hukou_member",
                                             "fields": {"name": "王晴", "id_number": "410302199506073511"}}]}}}
    result = _review(catalog, "id_card_renewal", patch)
    assert result.outcome == "staff" and not result.blocking


def test_a_proof_older_than_allowed_is_refused(tmp_path):
    from kiosk.domain.catalog import load_catalog

    from .helpers import MINIMAL_MATTER, write_catalog
    text = MINIMAL_MATTER + """\
  - id: income_statement
    name: {zh: 收入证明, en: Income statement}
    description: {zh: 近一个月内出具, en: Issued within a month}
    doc_types: [marriage_certificate]
    marks_waived: [seal]
    identity: {}
    max_age_days: 30
    dated_by: registration_date
"""
    matter = load_catalog(write_catalog(tmp_path, text)).get("sample")
    base = {"today": "2026-11-20", "card": {"name": "张伟", "id_number": "330106199001021235"},
            "form": {"name": "张伟"},
            "materials": {"id_card": {"pages": [{"doc_type": "id_card_front"}]},
                          "income_statement": {"pages": [{"doc_type": "marriage_certificate",
                                                          "fields": {"registration_date": "2026-11-01"}}]}}}
    assert "validity.too_old" not in {f.rule_id for f in review(matter, case_facts("sample", base, {})).findings}
    old = {"materials": {"income_statement": {"pages": [{"doc_type": "marriage_certificate",
                                                         "fields": {"registration_date": "2026-09-01"}}]}}}
    [finding] = review(matter, case_facts("sample", base, old)).blocking
    assert finding.rule_id == "validity.too_old" and finding.expected == ">= 2026-10-21"
