"""A citizen's whole way through the kiosk in headless Chromium, on simulated devices that speak
the real wire protocols, with the real OCR engine: card → form → materials → pre-review →
submission → printed receipt → progress page. Screenshots of every step in test-artifacts/e2e/."""
from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from sqlalchemy import select

from devices.idcard.base import RESIDENT, IdentityCard
from devices.samples import id_number, sample
from kiosk.domain import states
from kiosk.storage.models import Application
from kiosk.web.sim.documents import person_of
from ocr.synth import render

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
TODAY = date.today()


def hangzhou_senior() -> IdentityCard:
    birth = date(TODAY.year - 66, 4, 9)
    return IdentityCard(card_type=RESIDENT, name="沈桂兰", gender="女", ethnicity="汉", birth_date=birth,
                        id_number=id_number("330106", birth, 84), address="浙江省杭州市西湖区翠苑街道示例路12号2幢301室",
                        issuing_authority="杭州市公安局西湖分局", valid_from=date(2010, 6, 1), valid_until=None)


def current_lease(person):
    """A lease for the applicant that started over half a year ago and still runs (laid today)."""
    return render("lease_contract", 1, subject=person, today=TODAY)


class Citizen:
    """Plays the person at the kiosk: the browser for the screen, the simulators for the hands."""

    def __init__(self, app, base, page):
        self.services = app.extensions["kiosk"]
        self.sim = self.services.simulation
        self.base, self.page, self.shot = base, page, page.shots

    def start(self, query: str, matter_id: str) -> None:
        """Find the matter from the home screen's search and start it."""
        self.page.goto(self.base + "/")
        self.page.fill('input[name="q"]', query)
        self.page.click("form.search button")
        self.page.click(f'.tiles [data-test="matter-{matter_id}"]')
        self.page.click('[data-test="start"]')

    def lay(self, image) -> None:
        """Put a document under the camera and wait until the camera delivers it."""
        camera = self.services.devices.camera
        before = camera.frame_count
        self.sim.camera.show(image)
        camera.wait_frame(after=before + 2, timeout=10)

    def capture(self, material: str, page_no: int, image, expect_type: str, *, press: bool = False) -> None:
        """Open the page's capture screen and lay ``image`` (or call it: a way of laying the page,
        such as the simulation panel's 样例材料). The kiosk captures by itself once the page is still
        and sharp; otherwise, as the README says, the citizen presses 拍摄 — at once for a photo
        print, whose texture is too faint for the sharpness check, and again when the kiosk asks
        for a retake (a frame it refused)."""
        self.page.click(f'[data-test="capture-{material}-{page_no}"]')
        image() if callable(image) else self.lay(image)
        for attempt in range(4):
            if press or attempt:
                self.page.click('[data-test="shoot"]')
            try:
                result = self.page.wait_for_selector("#result[data-doc-type]", timeout=20_000)
                break
            except PlaywrightTimeout:
                continue
        else:
            raise AssertionError(f"{material} page {page_no} never read: " + self.page.inner_text("main"))
        self.shot(f"captured-{material}-{page_no}")
        assert result.get_attribute("data-doc-type") == expect_type
        self.page.click('[data-test="capture-done"]')

    def type_on_screen(self, selector: str, text: str) -> None:
        """Type with the kiosk's on-screen keyboard, then close it with its ✓ key."""
        self.page.click(selector)
        for key in text:
            self.page.click(f'#osk button[data-key="{key}"]')
        self.shot("on-screen-keyboard")
        self.page.click('#osk button[data-key="✓"]')
        assert self.page.input_value(selector) == text

    def sign(self) -> None:
        pad = self.page.locator('[data-test="signature-pad"]').bounding_box()
        self.page.mouse.move(pad["x"] + 40, pad["y"] + 60)
        self.page.mouse.down()
        for i in range(1, 30):
            self.page.mouse.move(pad["x"] + 40 + i * 12, pad["y"] + 60 + (i % 5) * 14)
        self.page.mouse.up()

    def stored(self) -> Application:
        with self.services.db.session() as s:
            number = s.scalars(select(Application.number).where(Application.number.is_not(None))
                               .order_by(Application.id.desc())).first()
        app = self.services.applications.find_for_progress(number, id_number=self.card.id_number)
        return self.services.applications.get(app.id)

    def identify(self, card: IdentityCard) -> None:
        self.card = card
        self.shot("identify-waiting")
        self.sim.place_card(card)
        self.page.wait_for_selector('[data-test="identify-confirm"]:not([disabled])')
        self.shot("identify-card-read")
        shown = self.page.inner_text("#card-data")
        assert card.id_number not in shown and card.id_number[-4:] in shown   # masked on screen
        self.page.click('[data-test="identify-confirm"]')


def test_residence_permit_with_a_deferred_material(kiosk, page):
    app, base = kiosk
    citizen = Citizen(app, base, page)
    card = sample("senior-shanghai").card
    person = person_of(card)
    page.goto(base + "/")
    citizen.shot("home")
    page.fill('input[name="q"]', "jzz")
    page.click("form.search button")
    page.click('.tiles [data-test="matter-residence_permit"]')
    citizen.shot("matter")
    page.click('[data-test="start"]')
    citizen.identify(card)

    # The form: name and ID number come from the chip and cannot be typed over.
    assert page.input_value("#f-name") == card.name
    assert page.get_attribute("#f-name", "readonly") is not None
    citizen.type_on_screen("#f-phone", "13912345678")
    # On the grounds of a job the employer's licence is asked for (on those of a home it is not).
    page.select_option("#f-basis", "employment")
    citizen.shot("form-filled")
    page.click('[data-test="form-next"]')

    citizen.shot("materials")
    citizen.capture("id_card", 1, render("id_card_front", 1, subject=person).image, "id_card_front")
    citizen.capture("id_card", 2, render("id_card_back", 1, subject=person).image, "id_card_back")
    citizen.capture("photo", 1, render("photo_1inch", 3).image, "photo_1inch", press=True)
    lease = current_lease(person)
    citizen.capture("residence_proof", 1, lease.image, "lease_contract")
    citizen.shot("materials-captured")
    page.click('[data-test="run-review"]')
    # The lease filled in the address and the date of moving in; the citizen confirms them.
    if page.url.endswith("/form"):
        citizen.shot("form-from-materials")
        assert page.input_value("#f-residence_address") == lease.fields["address"]
        page.click('[data-test="form-next"]')
        page.click('[data-test="run-review"]')

    # The employer's licence was not brought: 容缺 is offered, signed on the screen.
    citizen.shot("review")
    blocking = page.locator('.finding[data-severity="block"]')
    assert blocking.count() >= 1
    page.click('[data-test="defer"]')
    citizen.shot("deferral-notice")
    citizen.sign()
    citizen.shot("deferral-signed")
    page.click('[data-test="sign"]')
    citizen.shot("review-after-deferral")
    assert page.locator('.finding[data-severity="block"]').count() == 0, page.inner_text("main")
    page.click('[data-test="submit"]')

    receipt = page.wait_for_selector('[data-test="receipt"]')
    citizen.shot("receipt")
    stored = citizen.stored()
    assert stored.state == states.WAITING_STAFF and stored.matter_id == "residence_permit"
    assert stored.form["residence_address"] == lease.fields["address"]
    assert [c.kind for c in stored.commitments] == ["deferral"] and stored.commitments[0].deadline
    assert {p.material_id for p in stored.pages} == {"id_card", "photo", "residence_proof"}
    assert stored.number in receipt.inner_text()

    job = citizen.sim.printer.wait_for_job(timeout=10)
    assert stored.number.encode("gb18030") in job.raw
    assert "居住证申领".encode("gb18030") in job.raw and job.cut
    assert "就业证明" in job.text                 # the 容缺 notice: what is still owed, and by when
    qr = job.qr_codes[0]
    assert qr == f"{base}/progress/{stored.number}?t={stored.access_token}"

    citizen.sim.remove_card()
    page.goto(qr)
    citizen.shot("progress")
    assert page.inner_text('[data-test="state"]') == "等待工作人员审核"


def test_senior_card_approved_at_once_in_english_with_large_text(kiosk, page):
    app, base = kiosk
    citizen = Citizen(app, base, page)
    card = hangzhou_senior()
    person = replace(person_of(card), residence="")
    page.goto(base + "/")
    page.click('[data-test="lang-en"]')
    page.click('[data-test="large-text"]')
    assert page.get_attribute("html", "class").strip() == "large-text"
    citizen.shot("home-en-large")
    page.click('[data-test="matter-senior_card"]')
    citizen.shot("matter")
    page.click('[data-test="start"]')
    citizen.identify(card)
    citizen.type_on_screen("#f-phone", "13700001111")
    citizen.shot("form")
    page.click('[data-test="form-next"]')
    citizen.capture("id_card", 1, render("id_card_front", 2, subject=person).image, "id_card_front")
    citizen.capture("id_card", 2, render("id_card_back", 2, subject=person).image, "id_card_back")
    citizen.capture("photo", 1, render("photo_1inch", 2).image, "photo_1inch", press=True)
    page.click('[data-test="run-review"]')
    citizen.shot("review")
    assert "pre-check" in page.inner_text("h1")
    page.click('[data-test="submit"]')
    page.wait_for_selector('[data-test="receipt"]')
    citizen.shot("receipt")
    stored = citizen.stored()
    assert stored.state == states.APPROVED and stored.outcome == "instant", stored.review
    job = citizen.sim.printer.wait_for_job(timeout=10)
    assert stored.number in job.text and "Senior concession card" in job.text
    page.goto(job.qr_codes[0])
    citizen.shot("progress")
    assert page.inner_text('[data-test="state"]') == "Completed (approved)"


def test_card_taken_away_mid_flow_ends_the_session_after_asking(kiosk, page):
    app, base = kiosk
    citizen = Citizen(app, base, page)
    page.goto(base + "/matter/residence_permit")
    page.click('[data-test="start"]')
    citizen.identify(sample("senior-shanghai").card)
    applications = citizen.services.applications
    with citizen.services.db.session() as s:
        draft_id = s.scalars(select(Application.id).order_by(Application.id.desc())).first()
    assert applications.get(draft_id).card is not None
    citizen.sim.remove_card()
    page.wait_for_selector("#card-overlay:not([hidden])")
    citizen.shot("card-removed-dialog")
    page.click('[data-test="card-end"]')
    page.wait_for_url(base + "/")
    citizen.shot("home-after-wipe")
    assert applications.get(draft_id) is None          # the draft and the chip's data are gone
