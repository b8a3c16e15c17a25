"""A citizen who has just submitted hands the paper original in through the smart locker, and a
locker operator collects it at the desk — in Chromium, against the live kiosk whose locker bank
is the 8A simulator driven by the real driver. Screenshots go to test-artifacts/e2e/."""
from __future__ import annotations

import re

import pytest

from tests.e2e.conftest import as_citizen_who_just_submitted
from tests.kiosk.lockers.conftest import submitted_case

pytestmark = pytest.mark.e2e


def test_citizen_hands_in_originals_and_staff_collect_them(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    bank = services.simulation.lockers["A"]
    app_id = submitted_case(services)
    as_citizen_who_just_submitted(page, app, base, app_id)

    page.goto(base + "/receipt")
    page.wait_for_selector('[data-test="handin-offer"]')
    page.shots("receipt-offers-hand-in")
    page.click('[data-test="handin"]')
    page.wait_for_selector('[data-test="originals"]')
    page.shots("hand-in-explained")
    page.click('[data-test="open-locker"]')
    page.wait_for_selector('[data-test="door"][data-status="open"]')
    number = int(page.inner_text('[data-test="door-number"]'))
    assert not bank.door_closed(number)
    page.shots("door-open")

    bank.put_item(number)          # the citizen puts the old card in and shuts the door
    bank.close(number)
    page.wait_for_selector('[data-test="door"][data-status="stored"]')
    assert "投递成功" in page.inner_text('[data-test="door-message"]')
    page.shots("handed-in")
    assert services.applications.get(app_id).state == "waiting_staff"
    assert len(services.lockers.deposits(app_id)) == 1

    services.staff.create_user("wang", "correct horse battery", "locker_operator", "王柜员")
    page.goto(base + "/staff/login")
    page.fill("#username", "wang")
    page.fill("#password", "correct horse battery")
    page.click('[data-test="staff-login"]')
    page.goto(base + "/staff/lockers/")
    row = f'[data-compartment="A-{number}"]'
    assert page.get_attribute(row, "data-status") == "stored"
    page.shots("staff-sees-the-deposit")
    page.click(f'[data-test="open-{number}"]')
    page.wait_for_selector(f'{row}[data-status="collecting"]')
    assert not bank.door_closed(number)
    bank.take_item(number)
    bank.close(number)
    page.click(f'[data-test="taken-{number}"]')
    page.wait_for_selector(f'{row}[data-status="free"]')
    page.shots("collected")
    assert re.search(r"已记录取出", page.content())
