"""Staff pages keep their own idle rule: a reviewer reading a case is never shown the citizen's
wipe countdown nor dropped onto the citizen home; after STAFF_IDLE_SECONDS without a touch the
desk logs out, and touches keep it signed in. Chromium against a served desk (no devices needed)."""
from __future__ import annotations

import pytest

from tests.conftest import make_app
from tests.e2e.conftest import served

pytestmark = pytest.mark.e2e

CITIZEN_IDLE, CITIZEN_COUNTDOWN, STAFF_IDLE = 1, 1, 8
PASSWORD = "correct horse battery"


@pytest.fixture(scope="module")
def desk(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("desk"), WTF_CSRF_ENABLED=True, TESTING=False,
                   IDLE_SECONDS=CITIZEN_IDLE, IDLE_COUNTDOWN_SECONDS=CITIZEN_COUNTDOWN, STAFF_IDLE_SECONDS=STAFF_IDLE)
    app.extensions["kiosk"].staff.create_user("li", PASSWORD, "reviewer", "李审核")
    with served(app) as base:
        yield base
    app.extensions["kiosk"].db.dispose()


def log_in(page, base):
    page.goto(base + "/staff/login")
    page.fill("#username", "li")
    page.fill("#password", PASSWORD)
    page.click('[data-test="staff-login"]')
    page.wait_for_selector('[data-test="counts"]')


def test_staff_pages_never_show_the_citizen_countdown(desk, page):
    log_in(page, desk)
    # Well past the citizen's idle time and countdown: a citizen screen would have been wiped by now.
    page.wait_for_timeout((CITIZEN_IDLE + CITIZEN_COUNTDOWN + 3) * 1000)
    assert page.locator("#idle-overlay").is_hidden()
    assert page.url.endswith("/staff/queue")
    page.shots("still-on-the-queue")


def test_the_desk_logs_out_after_its_own_idle_time(desk, page):
    log_in(page, desk)
    page.wait_for_url("**/staff/login**", timeout=(STAFF_IDLE + 5) * 1000)
    assert "长时间未操作" in page.inner_text("main")
    page.shots("logged-out-when-idle")
    page.goto(desk + "/staff/queue")          # the session is gone, not just the page
    assert "/staff/login" in page.url


def test_touches_keep_the_desk_signed_in(desk, page):
    log_in(page, desk)
    for _ in range(STAFF_IDLE + 4):          # reading a long case, scrolling now and then
        page.mouse.wheel(0, 40)
        page.wait_for_timeout(1000)
    assert page.url.endswith("/staff/queue")
    page.reload()
    page.wait_for_selector('[data-test="counts"]')
    page.shots("still-signed-in")
