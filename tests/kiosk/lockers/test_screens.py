"""The locker screens: the citizen's hand-in and pickup, the staff's locker desk, who may use it."""
from __future__ import annotations

import json
import re

import pytest

from kiosk.services.lockers import BOARD_SILENT
from kiosk.services.terminal import Terminal
from kiosk.web.staff import limiter
from devices.samples import sample
from tests.conftest import kiosk_client, kiosk_visit
from tests.kiosk.lockers.conftest import citizen, submitted_case

PASSWORD = "correct horse battery"


@pytest.fixture
def client(hall):
    limiter.reset()     # the limiter's memory is per process: start each test with a clean count
    return kiosk_client(hall.app)


@pytest.fixture
def card_on_reader(hall):
    """The kiosk's terminal with the applicant's card on the reader, as the card listener leaves it."""
    terminal = Terminal(camera=None, printer=None)
    terminal.card_placed("id_reader", citizen())
    hall.services.terminal = terminal
    return terminal


def login(client, hall, role):
    hall.services.staff.create_user(role, PASSWORD, role)
    assert client.post("/staff/login", data={"username": role, "password": PASSWORD}).status_code == 302


def test_a_reviewer_cannot_open_lockers(client, hall):
    login(client, hall, "reviewer")
    assert client.get("/staff/lockers/").status_code == 403
    assert client.post("/staff/lockers/open/1").status_code == 403
    assert client.post("/staff/lockers/deposit", data={"number": "1"}).status_code == 403
    assert hall.model.pulses == []


def test_locker_pages_need_a_login(client):
    response = client.get("/staff/lockers/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_citizen_hands_in_from_the_receipt_screen(client, hall):
    app_id = submitted_case(hall.services)
    kiosk_visit(client, submitted_id=app_id)
    assert 'data-test="handin-offer"' in client.get("/receipt").get_data(as_text=True)
    assert "原件" in client.get("/locker/handin").get_data(as_text=True)
    response = client.post("/locker/handin")
    assert response.status_code == 302
    door = response.headers["Location"]
    page = client.get(door).get_data(as_text=True)
    number = int(re.search(r'data-test="door-number"[^>]*>(\d+)<', page).group(1))
    assert not hall.model.door_closed(number)
    assert client.get(door + "/status").get_json()["status"] == "open"
    hall.model.put_item(number)
    hall.model.close(number)
    reservation_id = int(door.rsplit("/", 1)[1])
    hall.wait_status(reservation_id, "stored")
    status = client.get(door + "/status").get_json()
    assert status["status"] == "stored" and "投递成功" in status["message"]
    # Another visit cannot watch this door.
    assert kiosk_client(hall.app).get(door + "/status").status_code == 404


def test_staff_leave_a_result_and_the_citizen_picks_it_up_with_code_and_card(client, hall, card_on_reader):
    app_id = submitted_case(hall.services)
    number = hall.services.applications.get(app_id).number
    login(client, hall, "locker_operator")
    client.post("/staff/lockers/deposit", data={"number": number, "size": "small"})
    # What the browser holds is signed, not encrypted: anyone with the cookie can read it.
    held = json.dumps(hall.app.session_interface.get_signing_serializer(hall.app).loads(
        client.get_cookie("session").value))
    page = client.get("/staff/lockers/").get_data(as_text=True)
    code = re.search(r'data-test="code">(\d{8})<', page).group(1)
    assert code not in held
    assert code not in client.get("/staff/lockers/").get_data(as_text=True)   # shown once
    [compartment] = [c for c in hall.lockers.compartments() if c.reservation]
    hall.model.put_item(compartment.number)
    hall.model.close(compartment.number)
    hall.wait_status(compartment.reservation.id, "awaiting_pickup")

    kiosk = kiosk_client(hall.app)
    refused = kiosk.post("/locker/pickup", data={"code": "00000000"}, follow_redirects=True).get_data(as_text=True)
    assert "取件码或证件不正确" in refused
    response = kiosk.post("/locker/pickup", data={"code": code})
    assert response.status_code == 302 and not hall.model.door_closed(compartment.number)


def test_pickup_without_the_card_on_the_reader_opens_nothing(client, hall):
    page = client.post("/locker/pickup", data={"code": "12345678"}, follow_redirects=True).get_data(as_text=True)
    assert "身份证" in page and hall.model.pulses == []


def test_pickup_attempts_are_limited_per_card_and_the_screen_says_how_long(client, hall, card_on_reader):
    answers = [client.post("/locker/pickup", data={"code": f"{n:08d}"}) for n in range(11)]
    assert [a.status_code for a in answers[:10]] == [302] * 10 and answers[10].status_code == 429
    wait = re.search(r"请 (\d+) 秒后再试", answers[10].get_data(as_text=True))
    assert wait and 0 < int(wait.group(1)) <= 60
    # The next citizen at the same kiosk, with their own card, is not locked out.
    card_on_reader.card_removed("id_reader")
    card_on_reader.card_placed("id_reader", sample("senior-shanghai").card)
    assert client.post("/locker/pickup", data={"code": "12345678"}).status_code == 302


def test_a_card_left_on_the_reader_is_read_again_for_pickup(client, hall):
    class Reader:      # stands for the reader's watch loop: asked to read again, it announces the card
        def read_again(self):
            terminal.card_placed("id_reader", citizen())

    terminal = Terminal(camera=None, printer=None, id_reader=Reader())
    terminal.visit_begun("the last visit")
    terminal.card_placed("id_reader", citizen())
    terminal.visit_ended("the last visit")      # its card data went; the card still lies on the reader
    hall.services.terminal = terminal
    terminal.visit_begun(kiosk_visit(client).id)
    page = client.post("/locker/pickup", data={"code": "12345678"}, follow_redirects=True).get_data(as_text=True)
    assert "取件码或证件不正确" in page         # the card was read: only the code was wrong


def test_staff_open_confirm_and_unblock_from_the_desk(client, hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "stored")
    hall.model.force_open(12)
    hall.wait_alert("forced_open")
    login(client, hall, "supervisor")
    page = client.get("/staff/lockers/").get_data(as_text=True)
    assert 'data-kind="forced_open"' in page and 'data-compartment="A-12" data-status="blocked"' in page
    client.post(f"/staff/lockers/open/{opened.reservation_id}")
    assert not hall.model.door_closed(opened.number)
    hall.model.take_item(opened.number)
    hall.model.close(opened.number)
    client.post(f"/staff/lockers/taken/{opened.reservation_id}", data={"found": "1"})
    assert hall.lockers.view(opened.reservation_id).status == "done"
    refused = client.post(f"/staff/lockers/unblock/{hall.lockers.compartments()[11].id}", follow_redirects=True)
    assert "仍与登记不符" in refused.get_data(as_text=True)       # its door is still open
    hall.model.close(12)
    hall.lockers.wait_for(lambda: hall.lockers.door_events("A", 12)[-1].door_closed, 10)
    client.post(f"/staff/lockers/unblock/{hall.lockers.compartments()[11].id}")
    assert hall.lockers.compartments()[11].blocked_reason is None


def test_the_progress_page_tells_where_a_result_waits(hall):
    app_id = submitted_case(hall.services)
    app = hall.services.applications.get(app_id)
    with hall.app.test_request_context():
        assert hall.services.pickup_instructions(app) is None
    opened, _code = hall.lockers.deposit_result(app_id, "staff:wang")
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "awaiting_pickup")
    with hall.app.test_request_context():
        text = hall.services.pickup_instructions(app)
    assert "K01" in text and "取件码" in text


def all_blocked_by_silence(hall) -> bool:
    return all(c.blocked_reason == BOARD_SILENT for c in hall.lockers.compartments())


def test_refusals_are_shown_in_the_screens_language(client, hall, card_on_reader):
    client.post("/prefs", data={"set": "en", "next": "/"})
    page = client.post("/locker/pickup", data={"code": "12345678"}, follow_redirects=True).get_data(as_text=True)
    assert "does not match" in page and "取件码或证件不正确" not in page
    kiosk_visit(client, submitted_id=submitted_case(hall.services))
    hall.model.silence_board(1)
    # Wait for what the refusal rests on, every compartment blocked by the silence, and fail if it
    # never comes. Any "board_silent" alert would not do: a board answering late on a loaded
    # machine leaves one early, and the wait then ends before the silence has been noticed.
    assert hall.lockers.wait_for(lambda: all_blocked_by_silence(hall), 30)
    refused = client.post("/locker/handin")
    assert refused.status_code == 409 and "No compartment is free" in refused.get_data(as_text=True)


def test_a_door_that_will_not_open_from_the_desk_is_blocked_and_explained(client, hall):
    app_id = submitted_case(hall.services)
    opened = hall.lockers.start_handin(app_id)
    hall.model.put_item(opened.number)
    hall.model.close(opened.number)
    hall.wait_status(opened.reservation_id, "stored")
    hall.model.jam(opened.number)
    login(client, hall, "locker_operator")
    page = client.post(f"/staff/lockers/open/{opened.reservation_id}", follow_redirects=True).get_data(as_text=True)
    assert "jammed latch" in page and 'data-kind="door_not_open"' in page
    assert hall.lockers.view(opened.reservation_id).status == "stored"     # still inside, as booked
