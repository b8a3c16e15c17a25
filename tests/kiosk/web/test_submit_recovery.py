"""A committed submission always ends in its receipt: on screen for a retried or racing tap,
on paper from the outbox after a kiosk killed before the printer answered."""
from __future__ import annotations

import re
import threading
from datetime import timedelta

import pytest

from devices.printer.escpos_printer import EscposNetworkPrinter
from devices.printer.simulator import EscposPrinterSimulator
from devices.samples import sample
from kiosk.services.terminal import Terminal
from kiosk.web.receipts import build_receipt
from tests.conftest import VISIT_KEY, kiosk_client, make_app
from tests.kiosk.factories import prereviewed_case


class Killed(BaseException):
    """The process dies here: nothing after this line runs, nothing catches it."""


@pytest.fixture
def printer():
    simulator = EscposPrinterSimulator().start()
    yield simulator
    simulator.stop()


@pytest.fixture
def kiosk(app, services, printer):
    services.terminal = Terminal(None, EscposNetworkPrinter("printer", host=printer.host, port=printer.port))
    visit = services.visits.begin()
    app_id = prereviewed_case(services.applications, sample("young-hangzhou").card, visit_id=visit.id)
    visit.draft_id = app_id
    return app, services, app_id


def visit_cookie(app, app_id: int) -> str:
    """The id of the visit whose draft ``app_id`` is: all the screen's browser holds of it."""
    return next(v.id for v in app.extensions["kiosk"].visits._visits.values() if v.draft_id == app_id)


def browser(app, visit_id: str):
    """The kiosk's screen (launched with this boot's token) holding the visit ``visit_id``."""
    client = kiosk_client(app)
    with client.session_transaction() as session:
        session[VISIT_KEY] = visit_id
    return client


def receipt_number(client) -> str:
    page = client.get("/receipt")
    assert page.status_code == 200, page.headers.get("Location")
    return re.search(r"受理编号：(\d+)", page.get_data(as_text=True)).group(1)


def test_a_retried_tap_after_a_lost_response_shows_the_same_receipt(kiosk, printer):
    app, services, app_id = kiosk
    before_submit = visit_cookie(app, app_id)
    first = browser(app, before_submit)
    assert first.post("/submit").headers["Location"] == "/receipt"
    number = receipt_number(first)
    # The response never reached the screen: the browser still holds the cookie of before.
    retry = browser(app, before_submit)
    assert retry.post("/submit").headers["Location"] == "/receipt"
    assert receipt_number(retry) == number
    # Reloading the receipt screen from the committed state finds it too.
    assert receipt_number(browser(app, before_submit)) == number
    assert len(printer.jobs) == 1 and number in printer.jobs[0].text


def test_the_losing_request_of_two_racing_submits_shows_the_same_receipt(kiosk, printer):
    app, services, app_id = kiosk
    cookie = visit_cookie(app, app_id)
    barrier = threading.Barrier(2)
    answers = []

    def tap():
        client = browser(app, cookie)
        barrier.wait()
        response = client.post("/submit")
        answers.append((response.status_code, response.headers.get("Location"), receipt_number(client)))

    threads = [threading.Thread(target=tap) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert [a[:2] for a in answers] == [(302, "/receipt")] * 2
    assert answers[0][2] == answers[1][2] == services.applications.get(app_id).number
    assert len(printer.jobs) == 1


def test_a_repeated_submit_returns_an_application_the_receipt_can_be_built_from(kiosk):
    app, services, app_id = kiosk
    svc = services.applications
    svc.submit(app_id)
    again = svc.submit(app_id)          # the request that lost the race
    with app.test_request_context():
        receipt = build_receipt(again, svc.matter(again.matter_id))
    assert again.number in receipt.lines[0].text


def test_a_kiosk_killed_between_commit_and_print_prints_the_receipt_when_it_comes_back(tmp_path, kiosk):
    app, services, app_id = kiosk

    def killed(receipt):
        raise Killed()

    services.terminal.print_receipt = killed
    visit_id = visit_cookie(app, app_id)
    with pytest.raises(Killed):
        browser(app, visit_id).post("/submit")
    number = services.applications.get(app_id).number
    assert number and services.outbox.pending() == [app_id]
    services.db.dispose()

    restarted = make_app(tmp_path)              # the same database, a new process
    again = restarted.extensions["kiosk"]
    again.start()
    try:
        job = again.simulation.printer.wait_for_job(timeout=10)
        assert number in job.text
        assert again.outbox.pending() == []
        # The citizen's retried tap (the screen relaunched, its visit forgotten by the restart)
        # shows the receipt, and prints nothing twice.
        client = browser(restarted, visit_id)
        assert client.post("/submit").headers["Location"] == "/receipt"
        assert receipt_number(client) == number
        assert len(again.simulation.printer.jobs) == 1
    finally:
        again.stop()
        again.db.dispose()


def test_receipts_left_unprinted_long_ago_are_not_printed_for_the_next_citizen(kiosk):
    app, services, app_id = kiosk
    with app.test_request_context():
        services.applications.submit(app_id, receipt=build_receipt)
    later = services.outbox.clock() + timedelta(hours=2)
    services.outbox.clock = lambda: later
    printed = []
    assert services.outbox.deliver_pending(printed.append, timedelta(minutes=10)) == 0
    assert printed == [] and services.outbox.pending() == [app_id]
