"""Every control stays visible and still while the on-screen keyboard opens and closes, on a
landscape 1920×1080 and a portrait 1080×1920 screen, with 大字, in Chinese and in English."""
from __future__ import annotations

import pytest

from kiosk.web.kiosk_screen import launch_path

from tests.e2e.conftest import Shots
from tests.e2e.test_chinese_input import open_bundle_form

pytestmark = pytest.mark.e2e

SCREENS = [pytest.param(((1920, 1080), "zh_CN"), id="landscape-zh"), pytest.param(((1920, 1080), "en"), id="landscape-en"),
           pytest.param(((1080, 1920), "zh_CN"), id="portrait-zh"), pytest.param(((1080, 1920), "en"), id="portrait-en")]

# Controls a finger can reach, each scrolled into view in turn; one is covered when the point at
# its centre belongs to something else (the footer, the keyboard) or it sticks out of the screen.
COVERED = """() => {
  const shown = (el) => el.getClientRects().length && getComputedStyle(el).visibility !== "hidden";
  const controls = [...document.querySelectorAll(
    "main button, main a[href], main input:not([type=hidden]), main select, main textarea, .topbar button, .steps li")]
    .filter(shown);
  const bad = [];
  for (const c of controls) {
    c.scrollIntoView({ block: "nearest", inline: "nearest" });
    const r = c.getBoundingClientRect();
    const hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
    const inside = r.top >= 0 && r.left >= 0 && r.bottom <= innerHeight + 0.5 && r.right <= innerWidth + 0.5;
    if (!inside || !hit || !(hit === c || c.contains(hit)))
      bad.push((c.id || c.dataset.test || c.textContent.trim().slice(0, 20)) + " under " +
               (hit ? hit.tagName + "." + hit.className : "nothing"));
  }
  return bad;
}"""
# Where each control in main is on the screen now.
POSITIONS = """() => [...document.querySelectorAll("main button, main input, main select, main textarea, main label")]
  .map((c) => { const r = c.getBoundingClientRect(); return [Math.round(r.top), Math.round(r.left)]; })"""


@pytest.fixture(params=SCREENS)
def screen(request, browser, kiosk):
    (width, height), lang = request.param
    app, base = kiosk
    context = browser.new_context(viewport={"width": width, "height": height}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(20_000)
    page.shots = Shots(page, request.node.name)
    page.goto(base + launch_path(app))      # the kiosk shell opens the launch address once
    if lang == "en":
        page.click('[data-test="lang-en"]')
    page.click('[data-test="large-text"]')
    yield app, base, page
    context.close()


def test_no_control_lies_under_the_footer_or_the_keyboard(screen):
    app, base, page = screen
    for path in ("/", "/matter/open_sole_proprietorship"):
        page.goto(base + path)
        page.shots("page")
        assert page.evaluate(COVERED) == [], path
    open_bundle_form(app, base, page)
    page.shots("form")
    assert page.evaluate(COVERED) == []
    page.click("#f-business_scope")
    page.wait_for_selector("#osk:not([hidden])")
    page.shots("form-keyboard-open")
    assert page.evaluate(COVERED) == []
    page.click('#osk [data-key="mode-handwriting"]')
    page.shots("form-handwriting-open")
    assert page.evaluate(COVERED) == []
    steps = page.locator(".steps")
    assert steps.evaluate("(el) => el.scrollWidth <= el.clientWidth")      # the step bar fits the screen


def test_the_page_stays_still_while_the_keyboard_opens_and_closes(screen):
    app, base, page = screen
    open_bundle_form(app, base, page)
    page.evaluate("document.querySelector('#f-phone').scrollIntoView({ block: 'start' })")
    before = page.evaluate(POSITIONS)
    page.click("#f-phone")                           # at the top: opening need not scroll
    page.wait_for_selector("#osk:not([hidden])")
    assert page.evaluate(POSITIONS) == before
    page.click('#osk button[data-key="1"]')
    main = page.locator("main").bounding_box()
    page.mouse.click(main["x"] + 8, main["y"] + 40)   # a tap beside the fields closes the keyboard
    page.wait_for_selector("#osk", state="hidden")
    assert page.evaluate(POSITIONS) == before


def test_the_first_tap_with_the_keyboard_open_counts(screen):
    app, base, page = screen
    open_bundle_form(app, base, page)
    # Worst case: scrolled to the end, the keyboard open, then 下一步 — one tap submits.
    page.click("#f-business_scope")
    page.evaluate("const m = document.querySelector('main'); m.scrollTop = m.scrollHeight")
    page.shots("keyboard-open-at-the-end")
    with page.expect_navigation(timeout=5_000):
        page.click('[data-test="form-next"]', no_wait_after=True)
    page.shots("after-one-tap")


def test_the_card_dialog_buttons_stand_apart(screen):
    app, base, page = screen
    open_bundle_form(app, base, page)
    app.extensions["kiosk"].simulation.remove_card()
    page.wait_for_selector("#card-overlay:not([hidden])")
    page.shots("card-dialog")
    keep, end = (page.locator(s).bounding_box() for s in ("#card-continue", "#card-end"))
    gap = max(end["x"] - (keep["x"] + keep["width"]), end["y"] - (keep["y"] + keep["height"]))
    assert gap >= 24
    page.click("#card-continue")
