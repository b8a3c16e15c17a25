"""The application service on a real SQLite database and scan folder (and PostgreSQL when configured)."""
from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import func, select

from devices.samples import sample
from kiosk.domain import states
from kiosk.services.applications import ApplicationError
from kiosk.storage.models import Application, Page, Transition
from tests.conftest import database_urls, make_app
from tests.kiosk.factories import reading

NOW = datetime(2026, 11, 20, 10, 0, tzinfo=timezone.utc)
JPEG = b"\xff\xd8\xff\xe0fake-but-stored-bytes"


@pytest.fixture(params=database_urls())
def svc(request, tmp_path):
    app = make_app(tmp_path, request.param)
    service = app.extensions["kiosk"].applications
    clock = {"now": NOW}
    service.clock = lambda: clock["now"]
    service.test_clock = clock
    yield service
    app.extensions["kiosk"].db.dispose()


def senior():
    return sample("senior-shanghai", today=NOW.date()).card


def complete_case(svc, card=None) -> int:
    """A residence-permit draft with every material read, as the OCR worker would leave it."""
    card = card or senior()
    app_id = svc.start("residence_permit")
    svc.identify(app_id, card)
    errors = svc.save_form(app_id, {"phone": "13812345678", "residence_address": "浙江省杭州市西湖区文三路100号3幢201室",
                                    "residence_since": "2025-03-01", "basis": "employment"})
    assert errors == {}
    pages = [
        ("id_card", 1, reading("id_card_front", {"name": card.name, "id_number": card.id_number,
                                                  "birth_date": card.birth_date.isoformat(), "address": card.address})),
        ("id_card", 2, reading("id_card_back", {"issuing_authority": card.issuing_authority,
                                                 "valid_from": card.valid_from.isoformat(), "valid_until": "长期"})),
        ("photo", 1, reading("photo_1inch")),
        ("residence_proof", 1, reading("lease_contract", {
            "lessor_name": "陈立", "lessee_name": card.name, "lessee_id_number": card.id_number,
            "address": "浙江省杭州市西湖区文三路100号3幢201室", "start_date": "2025-03-01", "end_date": "2027-02-28"},
            marks=("signature",))),
        ("employment_proof", 1, reading("business_licence", {
            "uscc": "91330106MA28LQ1X26", "company_name": "杭州文三科技有限公司", "legal_representative": "周涛",
            "address": "杭州市西湖区文三路90号", "valid_until": "长期"}, marks=("seal",))),
    ]
    for material, page_no, result in pages:
        page_id = svc.add_page(app_id, material, page_no, JPEG)
        svc.record_reading(page_id, result)
    return app_id


def transitions(svc, app_id):
    return [(t.from_state, t.to_state, t.actor) for t in svc.get(app_id).transitions]


def test_identify_prefills_from_the_chip_and_records_the_transition(svc):
    card = senior()
    app_id = svc.start("residence_permit")
    svc.identify(app_id, card)
    app = svc.get(app_id)
    assert app.state == states.IDENTIFIED
    assert app.form["name"] == card.name and app.form["id_number"] == card.id_number
    assert app.prefill_sources["name"] == "card.name"
    assert transitions(svc, app_id) == [(states.DRAFT, states.IDENTIFIED, "citizen")]
    assert app.applicant_key == svc.applicant_key(card.id_number) != card.id_number


def test_the_form_cannot_overwrite_what_the_chip_gave(svc):
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    svc.save_form(app_id, {"name": "冒名顶替", "id_number": "3101**********1234", "phone": "13800000000"})
    form = svc.get(app_id).form
    assert form["name"] == senior().name and form["id_number"] == senior().id_number
    assert form["phone"] == "13800000000"


def test_validation_says_how_to_fix(svc):
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    errors = svc.save_form(app_id, {"phone": "12345", "residence_address": "短"})
    assert set(errors) >= {"phone", "residence_address"}
    assert "门牌号" in errors["residence_address"].zh


def test_an_expired_card_is_refused_with_a_plain_instruction(svc):
    app_id = svc.start("residence_permit")
    with pytest.raises(ApplicationError) as err:
        svc.identify(app_id, sample("expired-shenzhen", today=NOW.date()).card)
    assert "过期" in err.value.message
    assert svc.get(app_id).state == states.DRAFT


def test_missing_materials_block_submission(svc):
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    result = svc.prereview(app_id)
    assert result.outcome == "blocked"
    assert {f.rule_id for f in result.blocking} >= {"completeness.missing_material"}
    with pytest.raises(ApplicationError):
        svc.submit(app_id)
    assert svc.get(app_id).number is None


def test_complete_case_is_submitted_once_with_a_number_and_history(svc):
    app_id = complete_case(svc)
    assert svc.prereview(app_id).outcome == "staff"
    first = svc.submit(app_id)
    again = svc.submit(app_id)            # a double tap, or a retry after a network blip
    assert first.number == again.number and first.number.startswith("20261120")
    app = svc.get(app_id)
    assert app.state == states.WAITING_STAFF
    assert app.due_date == date(2026, 12, 4)     # ten working days after Friday 20 November
    moves = transitions(svc, app_id)
    assert moves[-2:] == [(states.PREREVIEWED, states.SUBMITTED, "citizen"),
                          (states.SUBMITTED, states.WAITING_STAFF, "system")]
    with svc.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Application)) == 1


def test_racing_submissions_make_one_application(svc):
    app_id = complete_case(svc)
    svc.prereview(app_id)
    numbers, errors = [], []
    barrier = threading.Barrier(4)

    def tap():
        barrier.wait()
        try:
            numbers.append(svc.submit(app_id).number)
        except Exception as exc:   # noqa: BLE001 - collected and asserted below
            errors.append(exc)

    threads = [threading.Thread(target=tap) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == [] and len(set(numbers)) == 1
    with svc.db.session() as s:
        submitted = s.scalar(select(func.count()).select_from(Transition)
                             .where(Transition.to_state == states.SUBMITTED))
    assert submitted == 1


def test_retaking_a_page_replaces_its_scan_and_reopens_review(svc):
    app_id = complete_case(svc)
    svc.prereview(app_id)
    old_scan = next(p.scan_id for p in svc.get(app_id).pages if p.material_id == "photo")
    svc.add_page(app_id, "photo", 1, b"\xff\xd8\xff\xe0another")
    app = svc.get(app_id)
    photos = [p for p in app.pages if p.material_id == "photo"]
    assert len(photos) == 1 and photos[0].scan_id != old_scan and photos[0].ocr_status == "pending"
    assert not svc.scans.exists(old_scan)
    assert app.state == states.CAPTURED


def test_page_numbers_outside_the_material_are_refused(svc):
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    with pytest.raises(ApplicationError):
        svc.add_page(app_id, "id_card", 3, JPEG)
    with pytest.raises(ApplicationError):
        svc.add_page(app_id, "no_such_material", 1, JPEG)


def test_wipe_deletes_the_draft_its_card_data_and_its_scans(svc):
    app_id = complete_case(svc)
    scans = [p.scan_id for p in svc.get(app_id).pages]
    assert all(svc.scans.exists(s) for s in scans)
    assert svc.wipe(app_id, "idle timeout")
    assert svc.get(app_id) is None
    assert not any(svc.scans.exists(s) for s in scans)
    with svc.db.session() as s:
        assert s.scalar(select(func.count()).select_from(Page)) == 0
        assert s.scalar(select(func.count()).select_from(Transition)) == 0


def test_submitted_applications_survive_a_wipe(svc):
    app_id = complete_case(svc)
    svc.prereview(app_id)
    svc.submit(app_id)
    assert not svc.wipe(app_id, "idle timeout")
    assert svc.get(app_id).state == states.WAITING_STAFF


def test_idle_drafts_are_swept_but_active_ones_kept(svc):
    idle_id = svc.start("residence_permit")
    svc.test_clock["now"] = NOW + timedelta(minutes=10)
    active_id = svc.start("residence_permit")
    svc.touch(active_id)
    assert svc.wipe_idle(timedelta(minutes=5)) == 1
    assert svc.get(idle_id) is None and svc.get(active_id) is not None


def test_only_the_kiosk_clock_dates_a_draft(svc):
    """The OCR worker's reading updates the draft; its age is still the kiosk clock's, never the
    wall clock's (a kiosk run on another day lost its draft to the idle sweep mid-capture)."""
    svc.test_clock["now"] = NOW + timedelta(days=365 * 30)
    app_id = svc.start("residence_permit")
    svc.identify(app_id, senior())
    page_id = svc.add_page(app_id, "id_card", 1, JPEG)
    svc.record_reading(page_id, reading("id_card_front", {"name": senior().name}))
    assert svc.wipe_idle(timedelta(minutes=5)) == 0
    assert svc.get(app_id) is not None


def test_progress_needs_the_receipt_token_or_the_applicants_card(svc):
    app_id = complete_case(svc)
    svc.prereview(app_id)
    app = svc.submit(app_id)
    assert svc.find_for_progress(app.number, token=app.access_token).id == app_id
    assert svc.find_for_progress(app.number, id_number=senior().id_number).id == app_id
    other = sample("young-hangzhou", today=NOW.date()).card
    assert svc.find_for_progress(app.number, id_number=other.id_number) is None
    assert svc.find_for_progress(app.number, token="guess") is None
    assert svc.find_for_progress(app.number) is None
    assert svc.find_for_progress("20261120999999", id_number=senior().id_number) is None


def test_staff_decision_is_recorded_with_who_and_why(svc):
    app_id = complete_case(svc)
    svc.prereview(app_id)
    svc.submit(app_id)
    with pytest.raises(ApplicationError):
        svc.decide(app_id, states.REJECTED, "staff:li", "  ")
    svc.decide(app_id, states.REJECTED, "staff:li", "租赁合同未备案")
    last = svc.get(app_id).transitions[-1]
    assert (last.from_state, last.to_state, last.actor, last.reason) == (
        states.WAITING_STAFF, states.REJECTED, "staff:li", "租赁合同未备案")


def test_a_missed_deferral_deadline_ends_the_case_and_bars_the_next_deferral(svc):
    app_id = complete_case(svc)
    svc.remove_page(app_id, "employment_proof", 1)        # the employer's licence is not at hand
    assert svc.prereview(app_id).deferrable_missing == ("employment_proof",)
    signature = b"\x89PNG\r\n\x1a\n" + b"strokes"
    svc.sign_commitment(app_id, "deferral", ["employment_proof"], "承诺十日内补交", signature)
    assert svc.prereview(app_id).outcome == "staff"
    app = svc.submit(app_id)
    deadline = app.commitments[0].deadline
    assert deadline == date(2026, 11, 30)
    svc.test_clock["now"] = NOW + timedelta(days=10)      # the last day: still in time
    assert svc.terminate_overdue() == []
    svc.test_clock["now"] = NOW + timedelta(days=11)
    assert svc.terminate_overdue() == [app_id]
    ended = svc.get(app_id)
    assert ended.state == states.TERMINATED and "2026-11-30" in ended.transitions[-1].reason
    # The same applicant is not offered 容缺 again.
    second = svc.start("residence_permit")
    svc.identify(second, senior())
    assert "broken_commitment" in svc.facts(svc.get(second)).applicant_flags
