"""Doors that will not open or stay open, forced doors, silent boards, sensors that disagree
with the book, and a power cut between open and close — on the simulated bank."""
from __future__ import annotations

import pytest

from kiosk.domain import states
from kiosk.domain.lockers import Finding
from kiosk.services.lockers import LockerError
from tests.kiosk.lockers.conftest import submitted_case


def test_a_jammed_door_gives_another_compartment_and_alerts_staff(hall):
    hall.model.jam(1)
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    assert opened.number == 2 and not hall.model.door_closed(2)
    [alert] = hall.lockers.alerts()
    assert (alert.kind, alert.number) == ("door_not_open", 1)
    assert hall.lockers.compartments()[0].blocked_reason
    assert hall.lockers.start_handin(submitted_case(hall.services)).number == 3   # 1 stays out of use


def test_a_door_left_open_reminds_then_alerts_and_records_no_deposit(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)            # in, but the door is never shut
    hall.clock.advance(61)
    hall.lockers.check_doors()
    view = hall.lockers.view(opened.reservation_id)
    assert view.remind and view.status == "open" and hall.lockers.alerts() == []
    hall.clock.advance(120)
    hall.lockers.check_doors()
    assert hall.lockers.view(opened.reservation_id).status == "left_open"
    assert [a.kind for a in hall.lockers.alerts()] == ["door_left_open"]
    assert hall.lockers.deposits(app_id) == []
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS

    hall.model.close(opened.number)               # shut at last, unobserved: staff confirm it
    assert hall.wait_status(opened.reservation_id, "unconfirmed") == "unconfirmed"
    [deposit] = hall.lockers.deposits(app_id)
    assert not deposit.confirmed
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS
    hall.lockers.staff_open(opened.reservation_id, "staff:wang")
    hall.lockers.confirm_taken(opened.reservation_id, "staff:wang")
    assert hall.lockers.deposits(app_id)[0].confirmed_by == "staff:wang"
    assert hall.services.applications.get(app_id).state == states.WAITING_STAFF


def test_a_forced_door_blocks_its_compartment_and_alerts(hall):
    hall.model.force_open(5)
    [alert] = hall.wait_alert("forced_open")
    assert alert.number == 5
    assert hall.lockers.compartments()[4].blocked_reason
    assert hall.lockers.door_events("A", 5)[-1].forced_open


def test_a_silent_board_blocks_the_bank_and_hand_in_is_refused(hall):
    hall.model.silence_board(1)
    [alert] = hall.wait_alert("board_silent")
    assert alert.bank == "A"
    assert all(c.blocked_reason for c in hall.lockers.compartments())
    app_id = submitted_case(hall.services)
    with pytest.raises(LockerError) as refused:
        hall.lockers.start_handin(app_id)
    assert "暂无可用" in refused.value.message
    assert hall.model.pulses == []

    hall.model.silence_board(1, False)            # power back: reconciled, then put back in service
    hall.lockers.wait_for(lambda: not any(c.blocked_reason for c in hall.lockers.compartments()), 15)
    assert hall.lockers.start_handin(app_id).number == 1


def test_an_item_sensor_disagreeing_with_the_book_blocks_the_compartment(hall):
    hall.model.stick_item_sensor(7, True)         # sees something in a compartment booked as free
    [alert] = hall.wait_alert("sensor_mismatch")
    assert alert.number == 7 and hall.lockers.compartments()[6].blocked_reason
    hall.model.stick_item_sensor(7, None)         # repaired; staff check and put it back
    hall.lockers.wait_for(lambda: hall.lockers.door_events("A", 7)[-1].item_present is False, 10)
    hall.lockers.unblock(hall.lockers.compartments()[6].id, "staff:wang")
    assert hall.lockers.compartments()[6].blocked_reason is None


def test_power_cut_between_open_and_close_is_reconciled_before_reuse(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)
    hall.power_cut()
    hall.model.close(opened.number)               # the citizen shuts the door in the dark
    hall.model.force_open(9)                      # and someone pries another one open

    findings = dict(hall.restart()["A"])
    assert findings[opened.number] is Finding.INTERRUPTED_WITH_ITEM
    assert findings[9] is Finding.DOOR_OPEN
    view = hall.lockers.view(opened.reservation_id)
    assert view.status == "unconfirmed" and view.deposit_confirmed is False
    assert {a.kind for a in hall.lockers.alerts()} == {"staff_check", "door_open"}
    assert hall.lockers.compartments()[8].blocked_reason
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS

    # Neither compartment is given to the next citizen.
    other = hall.lockers.start_handin(submitted_case(hall.services))
    assert other.number not in (opened.number, 9)


def test_power_cut_before_anything_was_put_in_frees_the_compartment(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.power_cut()
    hall.model.close(opened.number)
    assert dict(hall.restart()["A"])[opened.number] is Finding.INTERRUPTED_EMPTY
    assert hall.lockers.view(opened.reservation_id).status == "cancelled"
    assert hall.lockers.deposits(app_id) == []
    assert hall.lockers.start_handin(app_id).number == opened.number


def test_a_stored_item_gone_missing_while_the_kiosk_was_down_is_blocked(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "stored")
    hall.power_cut()
    hall.model.force_open(opened.number)
    hall.model.take_item(opened.number)
    hall.model.close(opened.number)
    assert dict(hall.restart()["A"])[opened.number] is Finding.MISSING_ITEM
    assert [a.kind for a in hall.lockers.alerts()] == ["sensor_mismatch"]


def test_staff_finding_an_unconfirmed_compartment_empty_record_no_originals(hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.power_cut()
    hall.model.close(opened.number)
    hall.model.stick_item_sensor(opened.number, True)   # a faulty sensor claims something is inside
    assert dict(hall.restart()["A"])[opened.number] is Finding.INTERRUPTED_WITH_ITEM
    hall.lockers.staff_open(opened.reservation_id, "staff:wang")
    hall.lockers.confirm_taken(opened.reservation_id, "staff:wang", found=False)
    [deposit] = hall.lockers.deposits(app_id)
    assert not deposit.confirmed
    assert hall.services.applications.get(app_id).state == states.WAITING_ORIGINALS
