"""The next person at the kiosk finds nothing of the last visit — after 完成, after the receipt's
own countdown, after idle — and the Back button shows nothing personal, in headless Chromium
against the live kiosk on simulated devices. Screenshots in test-artifacts/e2e/."""
from __future__ import annotations

import pytest
from sqlalchemy import select

from kiosk.domain.masking import mask_id
from kiosk.storage.models import Application
from tests.kiosk.factories import read_materials
from tests.kiosk.lockers.conftest import citizen

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


@pytest.fixture
def config(kiosk):
    """The kiosk's timings, changed by a test and put back afterwards."""
    app, _ = kiosk
    saved = dict(app.config)
    yield app.config
    app.config.update(saved)


def newest_application(services) -> Application:
    with services.db.session() as s:
        return services.applications.get(s.scalars(select(Application.id).order_by(Application.id.desc())).first())


def open_draft(kiosk, page):
    """Start a social card renewal on the screen and identify with the card on the reader."""
    app, base = kiosk
    services = app.extensions["kiosk"]
    card = citizen()
    page.goto(base + "/matter/social_card_replacement")
    page.click('[data-test="start"]')
    services.simulation.place_card(card)
    page.wait_for_selector('[data-test="identify-confirm"]:not([disabled])')
    page.click('[data-test="identify-confirm"]')
    page.wait_for_url("**/form")
    type_phone(page, "13812345678")
    page.select_option("#f-reason", "damaged")
    return card, newest_application(services)


def type_phone(page, number: str) -> None:
    page.fill("#f-phone", number)
    page.click('#osk button[data-key="✓"]')        # the on-screen keyboard opened with the field


def submit(kiosk, page):
    """A whole visit up to the receipt; the pages are read as the camera and OCR worker leave them."""
    app, base = kiosk
    services = app.extensions["kiosk"]
    card, draft = open_draft(kiosk, page)
    page.click('[data-test="form-next"]')
    page.wait_for_url("**/materials")
    read_materials(services.applications, draft.id, card)
    page.reload()
    page.click('[data-test="run-review"]')
    page.click('[data-test="submit"]')
    receipt = page.wait_for_selector('[data-test="receipt"]')
    done = services.applications.get(draft.id)
    assert done.number in receipt.inner_text()
    services.simulation.remove_card()
    return card, done


def personal(card, app: Application) -> tuple[str, ...]:
    """What of the visit must not show again: name, ID number (masked too), receipt number, QR token."""
    return tuple(v for v in (card.name, card.id_number, mask_id(card.id_number), app.number, app.access_token) if v)


def nothing_personal_on_back(page, base: str, leftovers: tuple[str, ...], shots: str) -> None:
    """Press Back through the visit's history, to the screen's launch: every screen it reaches shows none of it."""
    seen = []
    while page.url.startswith(base) and len(seen) < 8:
        if page.go_back() is None:
            break
        page.wait_for_load_state()
        seen.append(page.url)
        page.shots(f"{shots}-back-{len(seen)}")
        content = page.content()
        assert not [v for v in leftovers if v in content], page.url
    assert len(seen) >= 2, seen          # the visit's screens were in the history, and came back empty


def nothing_reachable(page, base: str, app: Application) -> None:
    assert page.goto(base + "/receipt").url == base + "/"
    assert page.goto(base + "/locker/handin").url == base + "/"
    assert page.goto(f"{base}/api/scans/{app.pages[0].id}").status == 404
    assert page.goto(f"{base}/progress/{app.number}").status == 404


def test_the_next_citizen_after_finish_sees_nothing_of_the_last_visit(kiosk, page):
    app, base = kiosk
    page.click('[data-test="lang-en"]')
    page.click('[data-test="large-text"]')
    card, done = submit(kiosk, page)
    assert page.get_attribute("html", "lang") == "en"
    page.shots("receipt")
    page.click('[data-test="finish"]')
    page.wait_for_url(base + "/")
    page.shots("home-after-finish")
    assert page.get_attribute("html", "lang") == "zh-CN"                  # each visit starts clean
    assert "large-text" not in (page.get_attribute("html", "class") or "")
    nothing_personal_on_back(page, base, personal(card, done), "after-finish")
    nothing_reachable(page, base, done)


def test_the_receipt_ends_the_visit_by_itself(kiosk, page, config):
    app, base = kiosk
    config["RECEIPT_SECONDS"] = 3
    card, done = submit(kiosk, page)
    page.shots("receipt-counting-down")
    assert page.inner_text("[data-finish-count]") in {"1", "2", "3"}
    page.wait_for_url(base + "/", timeout=15_000)
    page.shots("home-after-countdown")
    nothing_personal_on_back(page, base, personal(card, done), "after-countdown")
    nothing_reachable(page, base, done)


def test_the_next_citizen_after_idle_sees_nothing_of_the_last_visit(kiosk, page, config):
    app, base = kiosk
    config.update(IDLE_SECONDS=2, IDLE_COUNTDOWN_SECONDS=2)
    card, draft = open_draft(kiosk, page)
    page.click('[data-test="form-next"]')        # the form's values are stored; the materials screen
    page.wait_for_url("**/materials")
    page.wait_for_selector("#idle-overlay:not([hidden])", timeout=15_000)
    page.shots("idle-countdown")
    page.wait_for_url(base + "/", timeout=15_000)
    page.shots("home-after-idle")
    services = app.extensions["kiosk"]
    assert services.applications.get(draft.id) is None                     # the draft was wiped
    nothing_personal_on_back(page, base, (card.name, mask_id(card.id_number), "13812345678"), "after-idle")
    services.simulation.remove_card()


def test_back_after_start_over_on_a_refused_form_is_no_resubmission(kiosk, page):
    """A refused form answered by a redirect: Back after 重新开始 shows a screen, not a resubmission prompt."""
    app, base = kiosk
    card, draft = open_draft(kiosk, page)
    type_phone(page, "12")
    page.click('[data-test="form-next"]')
    page.wait_for_url("**/form")
    page.shots("form-refused")
    page.once("dialog", lambda dialog: dialog.accept())
    page.click('[data-test="start-over"]')
    page.wait_for_url(base + "/")
    response = page.go_back()
    page.shots("back-after-start-over")
    assert response is not None and response.request.method == "GET" and page.url == base + "/"
    assert card.name not in page.content()
    app.extensions["kiosk"].simulation.remove_card()
