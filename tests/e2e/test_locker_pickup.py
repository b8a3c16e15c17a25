"""Pickup at the locker, in Chromium against the live kiosk (8A locker simulator, SAM card reader
simulator): wrong codes are limited per card and the screen says how long to wait; the next
citizen is not locked out; a card left lying on the reader from an earlier visit is read again
when the pickup screen asks for it."""
from __future__ import annotations

import re

import pytest

from devices.samples import sample
from kiosk.web.staff import limiter
from tests.kiosk.lockers.conftest import submitted_case

pytestmark = pytest.mark.e2e


def result_waiting(services, bank, card) -> tuple[str, int]:
    """Staff left this citizen's result in a compartment: its pickup code and the compartment."""
    app_id = submitted_case(services, card)
    opened, code = services.lockers.deposit_result(app_id, "staff:wang")
    bank.put_item(opened.number)
    bank.close(opened.number)
    assert services.lockers.wait_for(
        lambda: services.lockers.view(opened.reservation_id).status == "awaiting_pickup", 15)
    return code, opened.number


def lay_card(services, card) -> None:
    services.simulation.place_card(card)
    terminal = services.terminal
    with terminal.changed:
        assert terminal.changed.wait_for(
            lambda: getattr(terminal.current_card(), "id_number", None) == card.id_number, 10)


def type_code(page, code: str) -> None:
    page.fill("#code", code)
    page.press("#code", "Enter")
    page.wait_for_load_state()


def test_pickup_limits_say_how_long_hold_per_card_and_a_card_left_on_the_reader_is_read(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    bank = services.simulation.lockers["A"]
    limiter.reset()
    first, second = sample("young-hangzhou").card, sample("senior-shanghai").card
    result_waiting(services, bank, first)
    code, number = result_waiting(services, bank, second)

    # Someone tries code after code with their card on the reader.
    lay_card(services, first)
    page.goto(base + "/locker/pickup")
    page.wait_for_selector('[data-test="card-status"][data-state="read"]')
    for n in range(10):
        type_code(page, f"{n:08d}")
    type_code(page, "99999999")
    text = page.inner_text("main")
    wait = re.search(r"请 (\d+) 秒后再试", text)
    assert wait and 0 < int(wait.group(1)) <= 60, text
    page.shots("told-how-long-to-wait")

    # The next citizen: their card has lain on the reader since their last visit ended, so the
    # kiosk dropped its data; the pickup screen reads it again and the right code opens the door.
    services.simulation.remove_card()
    lay_card(services, second)
    page.goto(base + "/")
    page.evaluate("kiosk.post('/api/reset', {reason: 'idle timeout'})")
    with services.terminal.changed:
        assert services.terminal.changed.wait_for(lambda: services.terminal.current_card() is None, 5)
    page.goto(base + "/locker/pickup")
    status = page.wait_for_selector('[data-test="card-status"][data-state="read"]', timeout=5_000)
    assert second.name[0] in status.inner_text()
    page.shots("card-on-the-reader-read-again")
    type_code(page, code)
    page.wait_for_selector('[data-test="door"]')
    assert int(page.inner_text('[data-test="door-number"]')) == number and not bank.door_closed(number)
    page.shots("door-open-for-the-next-citizen")
