"""The README's walk through, step by step, with the simulation panel in a second tab as the README
says — on a day far from the one the code was written on, so no sample runs out with the calendar."""
from __future__ import annotations

from datetime import datetime, timezone

import pytest

from kiosk.web.kiosk_screen import launch_path
from tests.e2e.conftest import serve
from tests.e2e.test_citizen_flow import Citizen

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
FUTURE = datetime(2061, 8, 15, 1, 30, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def future_kiosk(tmp_path_factory):
    yield from serve(tmp_path_factory.mktemp("future"), CLOCK=lambda: FUTURE)


def lay(citizen: Citizen, panel, doc_type: str) -> None:
    """The panel's 样例材料 for the card's holder, under the camera; waits until the camera has it."""
    camera = citizen.services.devices.camera
    before = camera.frame_count
    panel.select_option('select[name="doc_type"]', doc_type)
    panel.click('[data-test="show-document"]')
    camera.wait_frame(after=before + 2, timeout=10)


def test_the_readme_walk_through_on_a_far_future_day(future_kiosk, page):
    app, base = future_kiosk
    page.goto(base + launch_path(app))      # 0. the kiosk's browser opens the launch address make run prints
    citizen = Citizen(app, base, page)
    panel = page.context.new_page()
    panel.goto(base + "/sim/")
    # 1. 居住证申领, found by its short code.
    citizen.start("jzz", "residence_permit")
    # 2. The README's persona on the reader, from the panel.
    panel.click('[data-test="place-senior-shanghai"]')
    page.wait_for_selector('[data-test="identify-confirm"]:not([disabled])')
    card = citizen.services.terminal.current_card()
    citizen.card = card
    assert card.name == "周建国" and card.birth_date.year == FUTURE.year - 67
    assert card.id_number not in page.inner_text("#card-data")
    citizen.shot("identify")
    page.click('[data-test="identify-confirm"]')
    # 3. The form, pre-filled from the chip; the phone typed on the on-screen keyboard.
    assert page.input_value("#f-name") == card.name
    citizen.type_on_screen("#f-phone", "13912345678")
    page.select_option("#f-basis", "residence")
    page.click('[data-test="form-next"]')
    # 4. Each material laid from the panel, captured by the kiosk itself (the photo by 拍摄).
    for material, page_no, doc_type in (("id_card", 1, "id_card_front"), ("id_card", 2, "id_card_back"),
                                        ("photo", 1, "photo_1inch"), ("residence_proof", 1, "lease_contract")):
        citizen.capture(material, page_no, lambda: lay(citizen, panel, doc_type), doc_type,
                        press=doc_type == "photo_1inch")
    page.click('[data-test="run-review"]')
    if page.url.endswith("/form"):       # the lease filled the address and the date moved in
        citizen.shot("form-from-lease")
        page.click('[data-test="form-next"]')
        page.click('[data-test="run-review"]')
    # 5. A senior living here on residence grounds owes no employment proof: nothing blocks (the
    # 容缺 signature for a deferrable material is walked in test_citizen_flow, on employment grounds).
    citizen.shot("review")
    assert page.locator('.finding[data-severity="block"]').count() == 0, page.inner_text("main")
    # 6. Submit: the receipt is printed and shown with its QR code.
    page.click('[data-test="submit"]')
    receipt = page.wait_for_selector('[data-test="receipt"]')
    citizen.shot("receipt")
    stored = citizen.stored()
    assert stored.number.startswith(f"{FUTURE:%Y%m%d}") and stored.number in receipt.inner_text()
    job = citizen.sim.printer.wait_for_job(timeout=10)
    assert stored.number.encode("gb18030") in job.raw
    panel.reload()
    assert panel.locator('img[src*="/sim/printer/0.png"]').count() == 1
    # 7. The case followed by its QR code.
    page.goto(job.qr_codes[0])
    citizen.shot("progress")
    assert page.inner_text('[data-test="state"]') == "等待工作人员审核"
