"""In Chromium: the capture screen's guidance with an empty tray, and a corrected address that a
retaken lease neither overwrites nor silently contradicts."""
from __future__ import annotations

from datetime import date

import pytest

from devices.samples import sample
from kiosk.web.sim.documents import person_of
from ocr.synth import render
from tests.e2e.test_citizen_flow import Citizen

pytestmark = [pytest.mark.e2e, pytest.mark.slow]
CORRECTED = "浙江省杭州市西湖区文二路8号1幢102室"


def test_guidance_is_true_and_a_correction_survives_a_retake(kiosk, page):
    app, base = kiosk
    citizen = Citizen(app, base, page)
    card = sample("senior-shanghai").card
    person = person_of(card)
    citizen.start("jzz", "residence_permit")
    citizen.identify(card)
    citizen.type_on_screen("#f-phone", "13912345678")
    page.select_option("#f-basis", "residence")
    page.click('[data-test="form-next"]')

    # An empty tray: the screen asks for the document, not to hold still or come closer.
    citizen.sim.camera.clear()
    page.click('[data-test="capture-id_card-1"]')
    page.wait_for_function("document.querySelector('#guide').textContent.includes('请将材料平放在高拍仪下方')")
    citizen.shot("empty-tray")
    guide = page.inner_text("#guide")
    assert "模糊" not in guide and "保持不动" not in guide and "靠近" not in guide
    page.click('[data-test="capture-done"]')

    lease = render("lease_contract", 1, subject=person, today=date.today())
    citizen.capture("id_card", 1, render("id_card_front", 1, subject=person).image, "id_card_front")
    citizen.capture("id_card", 2, render("id_card_back", 1, subject=person).image, "id_card_back")
    citizen.capture("photo", 1, render("photo_1inch", 1).image, "photo_1inch", press=True)
    citizen.capture("residence_proof", 1, lease.image, "lease_contract")
    page.goto(base + "/form")
    assert page.input_value("#f-residence_address") == lease.fields["address"]
    page.fill("#f-residence_address", CORRECTED)     # the citizen corrects what the lease filled in
    page.click('#osk button[data-key="✓"]')          # (Chinese is not typed on the on-screen keyboard)
    page.click('[data-test="form-next"]')
    page.wait_for_url("**/materials")
    citizen.capture("residence_proof", 1, lease.image, "lease_contract")     # and retakes the lease
    page.goto(base + "/form")
    assert page.input_value("#f-residence_address") == CORRECTED
    page.click('[data-test="form-next"]')
    page.click('[data-test="run-review"]')
    question = page.locator('.finding[data-rule="corrections.disagrees"]')
    citizen.shot("which-is-right")
    assert question.count() == 1
    text = question.inner_text()
    assert lease.fields["address"] in text and CORRECTED in text and "哪个是对的" in text
    page.click('[data-test="keep-mine-residence_address"]')
    citizen.shot("kept-mine")
    assert page.locator('.finding[data-rule="corrections.disagrees"]').count() == 0
    assert page.locator('.finding[data-rule="consistency.form_field"][data-severity="staff"]').count() == 1
    assert CORRECTED in page.inner_text('[data-test="form-summary"]')
