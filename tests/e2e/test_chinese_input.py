"""Chinese entry on the touchscreen: the 开办个体工商户 bundle's form filled by pinyin (librime) and
by handwriting (zinnia, strokes replayed from tests/e2e/data/handwriting.json), in Chromium
against the live kiosk. Screenshots in test-artifacts/e2e/."""
from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect
from sqlalchemy import select

from devices.samples import sample
from kiosk.storage.models import Application, Rating
from tests.e2e.test_citizen_flow import Citizen
from tests.e2e.test_locker_handin import as_citizen_who_just_submitted
from tests.kiosk.desk.conftest import make_case

pytestmark = pytest.mark.e2e
STROKES = json.loads((Path(__file__).parent / "data" / "handwriting.json").read_text(encoding="utf-8"))["characters"]


class Keyboard:
    """The on-screen keyboard, touched the way a citizen does."""

    def __init__(self, page):
        self.page = page

    def mode(self, name: str) -> None:
        self.page.click(f'#osk [data-key="mode-{name}"]')
        self.page.wait_for_selector(f'#osk[data-mode="{name}"]')

    def keys(self, keys: str) -> None:
        for key in keys:
            self.page.click(f'#osk button[data-key="{key}"]')

    def pick(self, text: str) -> None:
        """Tap the candidate ``text``; it must be on the candidate bar's first page."""
        self.page.click(f'#osk .candidate[data-candidate="{text}"]')

    def write(self, char: str) -> None:
        """Write ``char`` on the pad stroke by stroke, from the recorded strokes."""
        box = self.page.locator('[data-test="handwriting-pad"]').bounding_box()
        mouse = self.page.mouse
        for stroke in STROKES[char]:
            points = [(box["x"] + x * box["width"], box["y"] + y * box["height"]) for x, y in stroke]
            mouse.move(*points[0])
            mouse.down()
            for point in points[1:]:
                mouse.move(*point)
            mouse.up()

    def done(self) -> None:
        self.page.click('#osk button[data-key="✓"]')
        self.page.wait_for_selector("#osk", state="hidden")


def open_bundle_form(app, base: str, page) -> Citizen:
    """A citizen at the 开办个体工商户 bundle's form, identified by ID card."""
    citizen = Citizen(app, base, page)
    page.goto(base + "/matter/open_sole_proprietorship")
    page.click('[data-test="start"]')
    citizen.identify(sample("senior-shanghai").card)
    page.wait_for_selector("#f-business_name")
    return citizen


@pytest.fixture
def at_the_form(kiosk, page):
    app, base = kiosk
    return open_bundle_form(app, base, page), Keyboard(page)


def test_the_bundle_form_is_filled_in_chinese_by_pinyin_and_handwriting(at_the_form, page):
    citizen, keyboard = at_the_form
    citizen.shot("form")

    citizen.type_on_screen("#f-phone", "13912345678")

    page.click("#f-business_name")
    assert page.get_attribute("#osk", "data-mode") == "pinyin"
    keyboard.keys("hangzhoushixihuqu")
    citizen.shot("pinyin-candidates")
    keyboard.pick("杭州市西湖区")
    keyboard.mode("handwriting")
    for char in "周记":
        keyboard.write(char)
        citizen.shot(f"handwriting-{char}")
        keyboard.pick(char)
    keyboard.mode("pinyin")
    keyboard.keys("xiaochi")
    keyboard.pick("小吃")
    keyboard.keys("dian")
    keyboard.pick("店")
    expect(page.locator("#f-business_name")).to_have_value("杭州市西湖区周记小吃店")
    keyboard.done()

    page.click("#f-business_address")
    keyboard.keys("wensanlu")          # a street name is no dictionary word: picked character by character
    for char in "文三路":
        keyboard.pick(char)
    keyboard.mode("123")
    keyboard.keys("100")
    keyboard.mode("pinyin")
    keyboard.keys("hao")
    keyboard.pick("号")
    expect(page.locator("#f-business_address")).to_have_value("文三路100号")
    keyboard.done()

    page.click("#f-business_scope")
    keyboard.mode("handwriting")
    for char in "小吃":
        keyboard.write(char)
        keyboard.pick(char)
    keyboard.mode("pinyin")
    keyboard.keys("canyinfuwu")
    citizen.shot("pinyin-phrase")
    keyboard.pick("餐饮服务")
    expect(page.locator("#f-business_scope")).to_have_value("小吃餐饮服务")
    keyboard.done()

    citizen.type_on_screen("#f-capital", "5")
    for choice in page.locator("form select").all():     # seal kind, seal maker, insurance
        choice.select_option(index=1)
    page.fill("#f-start_month", citizen.services.applications.clock().date().isoformat())
    citizen.shot("form-filled")
    page.click('[data-test="form-next"]')
    page.wait_for_url("**/materials")
    citizen.shot("materials")

    with citizen.services.db.session() as s:
        draft_id = s.scalars(select(Application.id).order_by(Application.id.desc())).first()
    form = citizen.services.applications.get(draft_id).form
    assert form["business_name"] == "杭州市西湖区周记小吃店"
    assert form["business_address"] == "文三路100号"
    assert form["business_scope"] == "小吃餐饮服务"


def test_pagination_backspace_and_what_is_left_when_the_keyboard_closes(at_the_form, page):
    citizen, keyboard = at_the_form
    page.click("#f-business_scope")
    keyboard.keys("shi")
    first = page.locator("#osk .candidate").all_inner_texts()
    page.click('#osk [data-key="page-next"]')
    page.wait_for_function("(first) => document.querySelector('#osk .candidate').textContent !== first", arg=first[0])
    second = page.locator("#osk .candidate").all_inner_texts()
    assert len(first) == 8 and second and not set(first) & set(second)
    citizen.shot("second-page")
    # Backspace undoes a pick before it removes letters; then letters, then committed text.
    keyboard.keys("⌫⌫⌫zhangsan")
    keyboard.pick("张")
    page.wait_for_selector('#osk [data-test="preedit"]:text-is("张san")')
    keyboard.keys("⌫")
    page.wait_for_selector('#osk .candidate[data-candidate="张三"]')
    keyboard.keys("⌫⌫⌫")
    page.wait_for_selector('#osk [data-test="preedit"]:text-is("zhang")')
    # Closing with letters still composed keeps them as letters: nothing typed is lost.
    keyboard.done()
    expect(page.locator("#f-business_scope")).to_have_value("zhang")
    page.click("#f-business_scope")
    keyboard.keys("⌫⌫")
    keyboard.done()
    expect(page.locator("#f-business_scope")).to_have_value("zha")


def test_a_rating_comment_is_typed_in_chinese_on_the_receipt(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    app_id = make_case(services)
    as_citizen_who_just_submitted(page, app, base, app_id)
    page.goto(base + "/receipt")
    keyboard = Keyboard(page)
    page.click('[data-test="rating"] label:has-text("非常满意")')
    page.click('[data-test="rating"] textarea')
    keyboard.keys("fuwuhenhao")
    keyboard.pick("服务很好")
    keyboard.done()
    page.shots("rating-comment")
    page.click('[data-test="rate"]')
    page.wait_for_selector("text=感谢您的评价")
    with services.db.session() as s:
        assert s.scalars(select(Rating.comment).where(Rating.application_id == app_id)).one() == "服务很好"
