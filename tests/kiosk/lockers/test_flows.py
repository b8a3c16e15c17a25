"""Hand-in, collection and pickup through the real 8A driver on the simulated bank."""
from __future__ import annotations

import pytest

from kiosk.domain import states
from kiosk.domain.lockers import LockerConfigError
from kiosk.services.lockers import LockerError, LockerService, LockerSettings
from kiosk.wiring import locker_settings
from tests.kiosk.lockers.conftest import citizen, submitted_case

OTHER_ID = "110101199003074518"


def moves(hall, app_id):
    return [(t.from_state, t.to_state, t.actor) for t in hall.services.applications.get(app_id).transitions]


def test_start_up_reads_every_compartment_and_books_the_configured_sizes(hall):
    views = hall.lockers.compartments()
    assert [(c.number, c.size) for c in views][:1] == [(1, "small")]
    assert {c.size for c in views if c.number >= 11} == {"large"}
    assert len(views) == 12 and all(c.blocked_reason is None and c.reservation is None for c in views)


def test_citizen_hands_in_originals_and_the_case_moves_to_staff(hall):
    app_id = submitted_case(hall.services)
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS
    opened = hall.lockers.start_handin(app_id)
    assert (opened.bank, opened.number) == ("A", 1)             # the smallest fitting compartment
    assert not hall.model.door_closed(1)                        # the lock really released
    assert hall.lockers.view(opened.reservation_id).status == "open"
    assert hall.lockers.start_handin(app_id) == opened          # a second tap: the same door

    hall.model.put_item(1)
    hall.model.close(1)
    assert hall.wait_status(opened.reservation_id, "stored") == "stored"
    hall.lockers.wait_for(lambda: hall.services.applications.get(app_id).state == states.WAITING_STAFF, 10)
    assert moves(hall, app_id)[-1] == (states.WAITING_ORIGINALS, states.WAITING_STAFF, "citizen")
    [deposit] = hall.lockers.deposits(app_id)
    assert deposit.confirmed and deposit.purpose == "originals"
    events = [(e.door_closed, e.item_present) for e in hall.lockers.door_events("A", 1)]
    assert events[0] == (False, False) and events[-1] == (True, True)


def test_closing_with_nothing_inside_records_no_deposit_and_the_door_can_be_reopened(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.close(opened.number)
    assert hall.wait_status(opened.reservation_id, "empty") == "empty"
    assert hall.lockers.deposits(app_id) == []
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS
    assert hall.lockers.start_handin(app_id) == opened          # tapping again reopens the same door
    assert not hall.model.door_closed(opened.number)
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    assert hall.wait_status(opened.reservation_id, "stored") == "stored"


def test_staff_collect_the_originals_and_confirm_them(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "stored")

    hall.lockers.staff_open(opened.reservation_id, "staff:wang")
    assert not hall.model.door_closed(opened.number)
    hall.model.take_item(opened.number)
    hall.model.close(opened.number)
    hall.lockers.wait_for(lambda: hall.lockers.door_events("A", opened.number)[-1].door_closed, 10)
    hall.lockers.confirm_taken(opened.reservation_id, "staff:wang")
    assert hall.lockers.view(opened.reservation_id).status == "done"
    assert hall.lockers.compartments()[opened.number - 1].reservation is None   # free again
    # Both staff actions stand in the hash-chained audit log, and the chain holds.
    trail = hall.services.audit.entries(f"locker:A-{opened.number}")
    assert [(e.actor, e.action) for e in reversed(trail)] == [
        ("staff:wang", "locker.staff_opened"), ("staff:wang", "locker.taken_out")]
    assert hall.services.audit.verify().ok


def test_result_is_picked_up_with_code_and_card_once(hall):
    app_id = submitted_case(hall.services)
    hall.services.applications.originals_received(app_id, "staff:li", "originals checked at the desk")
    hall.services.applications.decide(app_id, states.APPROVED, "staff:li", "")
    opened, code = hall.lockers.deposit_result(app_id, "staff:wang")
    assert len(code) == 8 and code.isdigit()
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    assert hall.wait_status(opened.reservation_id, "awaiting_pickup") == "awaiting_pickup"

    with pytest.raises(LockerError):
        hall.lockers.pickup(code, OTHER_ID)                     # the code alone is not enough
    assert hall.model.door_closed(opened.number)
    picked = hall.lockers.pickup(code, citizen().id_number)
    assert picked.number == opened.number and not hall.model.door_closed(opened.number)
    hall.model.take_item(opened.number)
    hall.model.close(opened.number)
    assert hall.wait_status(opened.reservation_id, "done") == "done"
    hall.lockers.wait_for(lambda: hall.services.applications.get(app_id).state == states.COMPLETED, 10)
    assert moves(hall, app_id)[-1] == (states.APPROVED, states.COMPLETED, "citizen")
    with pytest.raises(LockerError):
        hall.lockers.pickup(code, citizen().id_number)          # single use


def test_pickup_codes_cannot_be_guessed(hall):
    app_id = submitted_case(hall.services)
    opened, code = hall.lockers.deposit_result(app_id, "staff:wang")
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "awaiting_pickup")
    wrong = [f"{(int(code) + n) % 10 ** 8:08d}" for n in range(1, 6)]
    for guess in wrong:
        with pytest.raises(LockerError):
            hall.lockers.pickup(guess, citizen().id_number)
    view = hall.lockers.view(opened.reservation_id)
    assert view.code_locked
    with pytest.raises(LockerError) as refused:
        hall.lockers.pickup(code, citizen().id_number)          # even the right code, once locked
    assert "锁定" in refused.value.message
    assert hall.model.door_closed(opened.number)
    assert [a.kind for a in hall.lockers.alerts()] == ["code_locked"]
    new_code = hall.lockers.reissue_code(opened.reservation_id, "staff:wang")
    assert hall.lockers.pickup(new_code, citizen().id_number).number == opened.number


def test_the_right_code_with_another_card_counts_against_the_code(hall):
    app_id = submitted_case(hall.services)
    opened, code = hall.lockers.deposit_result(app_id, "staff:wang")
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "awaiting_pickup")
    for _ in range(5):
        with pytest.raises(LockerError):
            hall.lockers.pickup(code, OTHER_ID)
    assert hall.lockers.view(opened.reservation_id).code_locked


def test_an_expired_code_is_refused(hall):
    app_id = submitted_case(hall.services)
    opened, code = hall.lockers.deposit_result(app_id, "staff:wang")
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "awaiting_pickup")
    assert hall.lockers.expire_codes() == []
    hall.clock.advance(8 * 86400)
    with pytest.raises(LockerError) as refused:
        hall.lockers.pickup(code, citizen().id_number)
    assert "过期" in refused.value.message and hall.model.door_closed(opened.number)
    assert hall.lockers.expire_codes() == [opened.reservation_id]
    assert hall.lockers.expire_codes() == []                    # staff are told once
    assert [a.kind for a in hall.lockers.alerts()] == ["code_expired"]


def test_a_hand_in_closed_empty_and_abandoned_frees_its_compartment(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "empty")
    hall.clock.advance(181)
    hall.lockers.check_doors()
    assert hall.lockers.view(opened.reservation_id).status == "cancelled"
    assert hall.lockers.alerts() == [] and hall.lockers.deposits(app_id) == []
    assert hall.lockers.start_handin(app_id).number == opened.number


def test_lockers_configured_for_a_bank_that_is_not_there_fail_at_start(hall):
    settings = LockerSettings("K01", b"secret", layout={"B": {"terminal": "K01"}})
    with pytest.raises(LockerConfigError, match="LOCKERS.B"):
        LockerService(hall.services.db, hall.services.applications, settings).attach(hall.manager.lockers)


def test_the_lockers_setting_gives_sizes_and_the_kiosk_each_bank_stands_beside(hall):
    config = {**hall.services.config, "LOCKERS": {"A": {"terminal": "K02", "sizes": {"1-12": "large"}}}}
    settings = locker_settings(config, hall.services.keys.derive("pickup"))
    lockers = LockerService(hall.services.db, hall.services.applications, settings)
    lockers.attach(hall.manager.lockers)
    lockers.reconcile()
    assert {(c.size, c.terminal_id) for c in lockers.compartments()} == {("large", "K02")}
    with pytest.raises(LockerError):     # this kiosk is K01: bank A is not beside it any more
        lockers.start_handin(submitted_case(hall.services))
    assert hall.model.pulses == []
