"""容缺: offer, deadline, notice and termination with a controlled clock; 告知承诺 texts and sampling."""
from datetime import date, datetime

import pytest

from kiosk.domain.catalog.examples import case_facts
from kiosk.domain.catalog.yamlsource import load
from kiosk.domain.commitments import (Deferral, commitment_allowed, commitment_text, deferral_deadline,
                                      deferral_offer, notice_text, overdue)
from kiosk.domain.prereview import review


def _case(catalog, matter_id, patch):
    base = load(catalog.root / "examples" / f"{matter_id}.yaml")["base"]
    matter = catalog.get(matter_id)
    facts = case_facts(matter_id, base, patch)
    return matter, facts, review(matter, facts)


def test_offer_when_only_a_deferrable_material_is_missing(catalog):
    matter, facts, result = _case(catalog, "residence_permit", {"materials": {"employment_proof": None}})
    offer = deferral_offer(matter, result, facts)
    assert offer is not None
    assert offer.material_ids == ("employment_proof",) and offer.days == matter.promised_days


def test_no_offer_when_another_problem_blocks(catalog):
    matter, facts, result = _case(catalog, "residence_permit", {
        "materials": {"employment_proof": None}, "form": {"residence_since": "2026-10-01"}})
    assert result.deferrable_missing == ("employment_proof",)
    assert deferral_offer(matter, result, facts) is None


def test_no_offer_when_a_key_material_is_missing(catalog):
    matter, facts, result = _case(catalog, "residence_permit", {
        "materials": {"employment_proof": None, "residence_proof": None}})
    assert deferral_offer(matter, result, facts) is None


@pytest.mark.parametrize("flag", ["bad_credit", "broken_commitment"])
def test_no_offer_to_flagged_applicants(catalog, flag):
    matter, facts, result = _case(catalog, "residence_permit", {
        "materials": {"employment_proof": None}, "flags": [flag]})
    assert deferral_offer(matter, result, facts) is None


def test_no_offer_when_nothing_deferrable_is_missing(catalog):
    matter, facts, result = _case(catalog, "residence_permit", {})
    assert deferral_offer(matter, result, facts) is None


def test_deadline_is_never_longer_than_the_promised_time(catalog):
    matter = catalog.get("residence_permit")
    assert deferral_deadline(matter, datetime(2026, 11, 20, 16, 30)) == date(2026, 11, 30)
    assert deferral_deadline(matter, date(2026, 12, 28)) == date(2027, 1, 7)


def test_overdue_selects_unsupplied_applications_past_their_deadline():
    late = Deferral("A1", ("employment_proof",), date(2026, 11, 30))
    supplied = Deferral("A2", ("employment_proof",), date(2026, 11, 30), frozenset({"employment_proof"}))
    partly = Deferral("A3", ("a", "b"), date(2026, 11, 30), frozenset({"a"}))
    on_time = Deferral("A4", ("employment_proof",), date(2026, 12, 1))
    deferrals = [late, supplied, partly, on_time]
    assert overdue(deferrals, datetime(2026, 11, 30, 23, 59)) == []          # the last day still counts
    assert overdue(deferrals, datetime(2026, 12, 1, 0, 0)) == [late, partly]
    assert overdue(deferrals, date(2026, 12, 2)) == [late, partly, on_time]


def test_notice_lists_the_missing_items_and_the_deadline(catalog):
    matter = catalog.get("residence_permit")
    zh = notice_text(matter, ["employment_proof"], date(2026, 11, 30), "zh-CN")
    assert "就业证明" in zh and "2026年11月30日" in zh and "终止" in zh
    en = notice_text(matter, ["employment_proof"], date(2026, 11, 30), "en")
    assert "Proof of employment" in en and "2026-11-30" in en and "ends" in en


def test_deferred_case_goes_to_staff_and_lists_what_is_owed(catalog):
    matter, facts, result = _case(catalog, "residence_permit",
                                  {"materials": {"employment_proof": {"deferred": True, "pages": []}}})
    assert result.outcome == "staff" and result.deferred == ("employment_proof",)


def test_deferring_a_key_material_is_refused(catalog):
    matter, facts, result = _case(catalog, "residence_permit",
                                  {"materials": {"residence_proof": {"deferred": True, "pages": []}}})
    assert result.outcome == "blocked"
    assert "completeness.not_deferrable" in {f.rule_id for f in result.blocking}


def test_commitment_text_states_the_promise_and_the_liability(catalog):
    matter = catalog.get("unemployment_registration")
    zh = commitment_text(matter, "termination_proof", "zh-CN")
    assert "解除或终止劳动关系" in zh and "法律责任" in zh and "抽查" in zh
    en = commitment_text(matter, "termination_proof", "en")
    assert "employment has ended" in en and "liability" in en
    with pytest.raises(ValueError):
        commitment_text(matter, "id_card")


def test_a_case_resting_on_a_commitment_is_marked_for_sampling(catalog):
    matter, facts, result = _case(catalog, "unemployment_registration",
                                  {"materials": {"termination_proof": {"committed": True, "pages": []}}})
    assert result.committed == ("termination_proof",) and result.sampling
    matter, facts, result = _case(catalog, "residence_permit", {})
    assert not result.sampling


def test_missing_replaceable_proof_is_reported_as_such(catalog):
    matter, facts, result = _case(catalog, "unemployment_registration", {"materials": {"termination_proof": None}})
    assert result.replaceable_missing == ("termination_proof",) and result.deferrable_missing == ()


def test_commitment_withheld_from_flagged_and_high_risk_cases(catalog):
    _, facts, _ = _case(catalog, "unemployment_registration", {})
    assert commitment_allowed(facts)
    for flag in ("bad_credit", "broken_commitment", "high_risk"):
        _, facts, _ = _case(catalog, "unemployment_registration", {"flags": [flag]})
        assert not commitment_allowed(facts)
