"""A material deferred under 容缺 handed in later through a locker, against the case's deadline."""
from __future__ import annotations

import pytest

from devices.samples import sample
from kiosk.services.lockers import LockerError
from kiosk.services.terminal import Terminal
from kiosk.web.staff import limiter
from tests.conftest import kiosk_client
from tests.kiosk.lockers.conftest import submitted_case
from tests.kiosk.services.test_applications import complete_case

SIGNATURE = b"\x89PNG\r\n\x1a\n" + b"strokes"


def deferred_case(hall) -> int:
    svc = hall.services.applications
    app_id = complete_case(svc, sample("senior-shanghai", today=hall.clock.now.date()).card)
    svc.remove_page(app_id, "employment_proof", 1)       # the employer's licence is not at hand
    svc.prereview(app_id)
    svc.sign_commitment(app_id, "deferral", ["employment_proof"], "承诺十日内补交", SIGNATURE)
    svc.prereview(app_id)
    return svc.submit(app_id).id


def test_late_material_is_recorded_at_once_and_fulfils_the_commitment_when_staff_confirm(hall):
    app_id = deferred_case(hall)
    with pytest.raises(LockerError):
        hall.lockers.start_handin(app_id)                 # no originals are owed, only the material
    opened = hall.lockers.start_handin(app_id, purpose="late")
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    assert hall.wait_status(opened.reservation_id, "stored") == "stored"
    [deposit] = hall.lockers.deposits(app_id)
    assert deposit.purpose == "late" and deposit.confirmed
    assert hall.services.applications.get(app_id).commitments[0].fulfilled_at is None

    hall.lockers.staff_open(opened.reservation_id, "staff:wang")
    hall.model.take_item(opened.number)
    hall.model.close(opened.number)
    hall.lockers.confirm_taken(opened.reservation_id, "staff:wang")
    assert hall.services.applications.get(app_id).commitments[0].fulfilled_at is not None
    with pytest.raises(LockerError):
        hall.lockers.start_handin(app_id, purpose="late")  # nothing owed any more


def test_a_case_without_a_deferral_cannot_hand_in_late_material(hall):
    with pytest.raises(LockerError):
        hall.lockers.start_handin(submitted_case(hall.services), purpose="late")


def test_late_hand_in_at_the_kiosk_needs_the_receipt_number_and_the_card(hall):
    limiter.reset()
    app_id = deferred_case(hall)
    number = hall.services.applications.get(app_id).number
    client = kiosk_client(hall.app)
    assert "身份证" in client.post("/locker/late", data={"number": number}, follow_redirects=True).get_data(as_text=True)
    terminal = Terminal(camera=None, printer=None)
    terminal.card_placed("id_reader", sample("senior-shanghai", today=hall.clock.now.date()).card)
    hall.services.terminal = terminal
    assert "核对受理编号" in client.post("/locker/late", data={"number": "20990101000001"},
                                   follow_redirects=True).get_data(as_text=True)
    response = client.post("/locker/late", data={"number": number})
    assert response.status_code == 302 and "/locker/door/" in response.headers["Location"]
    [deposit_door] = [c for c in hall.lockers.compartments() if c.reservation]
    assert deposit_door.reservation.purpose == "late" and not hall.model.door_closed(deposit_door.number)
