"""What the citizen typed or corrected is kept: later readings never overwrite it; a disagreement
is asked about in the pre-review, and a changed chip value goes to staff."""
from __future__ import annotations

import pytest

from kiosk.domain.provenance import CHIP, EDITED, MATERIAL, TYPED
from tests.kiosk.services.test_applications import JPEG, complete_case, senior, svc  # noqa: F401 (fixture)
from tests.kiosk.factories import reading

LEASE = {"lessor_name": "陈立", "lessee_name": "周建国", "address": "浙江省杭州市西湖区文三路100号3幢201室",
         "start_date": "2025-03-01", "end_date": "2027-02-28"}


def lease(**changes):
    card = senior()
    return reading("lease_contract", {**LEASE, "lessee_name": card.name, "lessee_id_number": card.id_number, **changes},
                   marks=("signature",))


def retake_lease(svc, app_id, **changes):
    svc.record_reading(svc.add_page(app_id, "residence_proof", 1, JPEG), lease(**changes))


def kinds(svc, app_id):
    return {k: v["kind"] for k, v in svc.get(app_id).form_origins.items()}


def rules(review):
    return {f.rule_id: f for f in review.findings}


def test_an_edit_after_prefill_survives_retaking_the_page(svc):
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    retake_lease(svc, app_id)
    assert svc.get(app_id).form["residence_address"] == LEASE["address"]
    assert kinds(svc, app_id)["residence_address"] == MATERIAL and kinds(svc, app_id)["name"] == CHIP
    svc.save_form(app_id, {"residence_address": "浙江省杭州市西湖区文二路8号1幢102室", "residence_since": "2025-03-01",
                           "phone": "13812345678", "basis": "residence"})
    retake_lease(svc, app_id)            # the same lease again, and again
    retake_lease(svc, app_id)
    app = svc.get(app_id)
    assert app.form["residence_address"] == "浙江省杭州市西湖区文二路8号1幢102室"
    assert kinds(svc, app_id)["residence_address"] == EDITED
    assert kinds(svc, app_id)["residence_since"] == MATERIAL     # typed as the lease reads it: still the lease's
    assert "residence_address" not in app.prefill_sources       # no 已自动填写 mark on the citizen's own value


def test_a_disagreement_is_asked_about_once_and_the_answer_is_kept(svc):
    app_id = complete_case(svc)
    assert kinds(svc, app_id)["residence_address"] == TYPED
    retake_lease(svc, app_id, address="浙江省杭州市西湖区古墩路66号2幢303室")
    assert svc.get(app_id).form["residence_address"] == "浙江省杭州市西湖区文三路100号3幢201室"   # typed wins
    question = rules(svc.prereview(app_id))["corrections.disagrees"]
    assert question.severity == "block" and question.field == "residence_address"
    assert "古墩路66号2幢303室" in question.message.zh and "文三路100号3幢201室" in question.message.zh
    assert question.message.zh.endswith("哪个是对的？")
    svc.settle_disagreement(app_id, "residence_address", keep_mine=True)
    after = rules(svc.prereview(app_id))
    assert "corrections.disagrees" not in after
    assert after["consistency.form_field"].severity == "staff"   # staff still compare the two
    retake_lease(svc, app_id, address="浙江省杭州市西湖区古墩路66号2幢303室")   # the same reading: asked once
    assert "corrections.disagrees" not in rules(svc.prereview(app_id))
    retake_lease(svc, app_id, address="浙江省杭州市上城区解放路1号")            # a new reading: asked again
    assert "corrections.disagrees" in rules(svc.prereview(app_id))


def test_taking_the_reading_replaces_the_typed_value(svc):
    app_id = complete_case(svc)
    retake_lease(svc, app_id, address="浙江省杭州市西湖区古墩路66号2幢303室")
    svc.settle_disagreement(app_id, "residence_address", keep_mine=False)
    assert svc.get(app_id).form["residence_address"] == "浙江省杭州市西湖区古墩路66号2幢303室"
    assert kinds(svc, app_id)["residence_address"] == MATERIAL
    assert not {"corrections.disagrees", "consistency.form_field"} & set(rules(svc.prereview(app_id)))


def test_added_detail_is_no_disagreement(svc):
    app_id = complete_case(svc)
    retake_lease(svc, app_id, address="浙江省杭州市西湖区文三路100号")
    assert "corrections.disagrees" not in rules(svc.prereview(app_id))


def test_a_changed_chip_address_goes_to_staff_and_the_identity_stays_locked(svc):
    card = senior()
    app_id = svc.start("unemployment_registration")
    svc.identify(app_id, card)
    svc.save_form(app_id, {"name": "张三", "id_number": "110101199001011237", "phone": "13812345678",
                           "residence_address": "浙江省杭州市西湖区文三路100号3幢201室", "job_wanted": "会计"})
    app = svc.get(app_id)
    assert app.form["name"] == card.name and app.form["id_number"] == card.id_number
    assert kinds(svc, app_id)["residence_address"] == EDITED
    svc.identify(app_id, card)           # the card read again: the correction stays
    assert svc.get(app_id).form["residence_address"] == "浙江省杭州市西湖区文三路100号3幢201室"
    finding = rules(svc.prereview(app_id))["corrections.chip_edited"]
    assert finding.severity == "staff" and finding.value_read == card.address
    assert finding.expected == "浙江省杭州市西湖区文三路100号3幢201室"


@pytest.mark.parametrize("cleared", ["", "  "])
def test_a_cleared_field_is_filled_again_by_the_next_reading(svc, cleared):
    app_id = complete_case(svc)
    svc.save_form(app_id, {"residence_address": cleared})
    retake_lease(svc, app_id)
    assert svc.get(app_id).form["residence_address"] == LEASE["address"]
    assert kinds(svc, app_id)["residence_address"] == MATERIAL


def test_a_value_changed_after_it_matched_the_reading_is_asked_about(svc):
    app_id = complete_case(svc)          # typed as the lease then reads it
    assert "corrections.disagrees" not in rules(svc.prereview(app_id))
    svc.save_form(app_id, {"residence_address": "浙江省杭州市西湖区文二路8号1幢102室"})
    assert rules(svc.prereview(app_id))["corrections.disagrees"].value_read == LEASE["address"]
