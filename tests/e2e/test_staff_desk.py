"""A reviewer logs in, finds a flagged case at the top of the queue, studies the scan with its OCR
boxes and finding, takes the case over and rejects it with a reason; the citizen's progress page
shows the result. Chromium against the live kiosk; screenshots go to test-artifacts/e2e/."""
from __future__ import annotations

import io
from dataclasses import replace
from datetime import timedelta

import numpy as np
import pytest
from PIL import Image, ImageDraw, ImageFont

from kiosk.domain import states
from kiosk.storage.codec import reading_to_json
from kiosk.storage.models import Page
from tests.e2e.conftest import as_citizen_who_just_submitted
from tests.kiosk.desk.conftest import finding, make_case
from tests.kiosk.factories import reading

pytestmark = pytest.mark.e2e

FONT = "/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"
LEASE = {"lessor_name": "陈立", "lessee_name": "张三", "address": "浙江省杭州市西湖区文三路100号3幢201室",
         "start_date": "2025-03-01", "end_date": "2027-02-28"}
WHERE = ((10.0, 10.0), (200.0, 10.0), (200.0, 40.0), (10.0, 40.0))   # the box the factory gives every field


def lease_page() -> np.ndarray:
    """A rectified lease page as the OCR pipeline hands it over (RGB → BGR like OpenCV)."""
    image = Image.new("RGB", (1000, 700), "white")
    draw = ImageDraw.Draw(image)
    font = ImageFont.truetype(FONT, 22)
    draw.text((14, 12), "房屋租赁合同 承租人 张三", fill="black", font=font)
    draw.text((60, 200), "租赁地址：浙江省杭州市西湖区文三路100号3幢201室", fill="black", font=font)
    draw.text((60, 260), "租期：2025-03-01 至 2027-02-28", fill="black", font=font)
    draw.rectangle((640, 520, 900, 640), outline="gray")
    draw.text((660, 560), "（出租人签字处空白）", fill="gray", font=font)
    return np.asarray(image)[:, :, ::-1].copy()


def flagged_case(services) -> tuple[int, str, str]:
    """A residence-permit case waiting for staff, its lease page flagged for a missing signature."""
    unsigned = finding("marks.signature_missing", "marks", "staff", material_id="residence_proof", page=1,
                       box=[[640, 520], [900, 520], [900, 640], [640, 640]])
    now = services.desk.clock()         # the dashboard's window ends today, whatever day the test runs
    today = now.date()
    typed = {"name": "张三", "phone": "13812345678", "residence_since": "2025-03-01", "basis": "employment",
             "residence_address": "浙江省杭州市西湖区文三路10号3幢201室"}      # not the lease's door number
    app_id = make_case(services, due=today + timedelta(days=1), findings=[unsigned], terminal="K03", form=typed,
                       submitted=now, created=now - timedelta(minutes=7))
    make_case(services, due=today + timedelta(days=1), submitted=now)   # the same date, not flagged
    read = replace(reading("lease_contract", LEASE), image=lease_page())
    buf = io.BytesIO()
    Image.fromarray(read.image[:, :, ::-1]).save(buf, "JPEG")
    key = services.applications.get(app_id).sealing_key()
    scan_id, digest = services.scans.put(buf.getvalue(), key)      # the capture
    view, _ = services.scans.put(buf.getvalue(), key)              # and the rectified page (here the same)
    with services.db.session() as s:
        s.add(Page(application_id=app_id, material_id="residence_proof", page_no=1, scan_id=scan_id,
                   view_scan_id=view, sha256=digest, ocr_status="done", doc_type="lease_contract",
                   reading=reading_to_json(read)))
    app = services.applications.get(app_id)
    return app_id, app.number, app.access_token


def test_reviewer_works_a_flagged_case_to_a_decision(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    app_id, number, token = flagged_case(services)
    services.staff.create_user("li", "correct horse battery", "reviewer", "李审核")

    page.goto(base + "/staff/")
    page.wait_for_selector('[data-test="staff-login"]')
    page.shots("login")
    page.fill("#username", "li")
    page.fill("#password", "correct horse battery")
    page.click('[data-test="staff-login"]')
    page.wait_for_selector('[data-test="queue"]')
    first = page.locator('[data-test="queue"] tbody tr').first
    assert first.get_attribute("data-number") == number and first.get_attribute("data-flagged") == "1"
    assert first.get_attribute("data-colour") == "yellow"
    page.shots("queue-flagged-first")

    page.click(f'[data-test="case-{number}"]')
    page.wait_for_selector('[data-test="page-residence_proof-1"] img')
    page.wait_for_function("document.querySelector('[data-test=\"page-residence_proof-1\"] img').naturalWidth > 0")
    assert page.locator('[data-test="page-residence_proof-1"] polygon.finding').count() == 1
    assert page.locator('[data-test="page-residence_proof-1"] polygon.ocr').count() == len(LEASE)
    assert "文三路10号" in page.inner_text('[data-test="compare"] tr[data-match="0"]')
    page.shots("case-with-evidence")

    page.click('[data-test="take-over"]')
    page.wait_for_selector('[data-test="hand-back"]')
    assert page.inner_text('[data-test="assignee"]') == "工作人员 li"
    page.fill("#reason", "租赁合同缺少出租人签字，请补签后重新申请。")
    page.shots("reason-written")
    page.click('[data-test="reject"]')
    page.wait_for_selector('[data-test="case-state"]:has-text("不予受理")')
    page.shots("rejected")
    last = services.applications.get(app_id).transitions[-1]
    assert (last.to_state, last.actor) == (states.REJECTED, "staff:li")
    assert services.audit.verify().ok

    page.goto(f"{base}/progress/{number}?t={token}")
    page.wait_for_selector('[data-test="result"]')
    assert "缺少出租人签字" in page.inner_text('[data-test="result-reason"]')
    page.shots("citizen-progress")


def test_supervisor_reads_the_dashboard(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    flagged_case(services)
    services.staff.create_user("zhao", "correct horse battery", "supervisor", "赵科长")
    page.goto(base + "/staff/login")
    page.fill("#username", "zhao")
    page.fill("#password", "correct horse battery")
    page.click('[data-test="staff-login"]')
    page.click('[data-test="nav-dashboard"]')
    page.wait_for_selector("svg.chart")
    assert page.locator("svg.chart").count() >= 4
    assert "marks.signature_missing" in page.content()
    page.shots("dashboard")


def test_citizen_rates_the_service_on_the_receipt(kiosk, page):
    app, base = kiosk
    services = app.extensions["kiosk"]
    app_id = make_case(services)
    as_citizen_who_just_submitted(page, app, base, app_id)
    page.goto(base + "/receipt")
    page.wait_for_selector('[data-test="rating"]')
    page.shots("receipt-with-rating")
    page.click('[data-test="rating"] label:has-text("非常满意")')
    page.click('[data-test="rating"] label:has-text("办理快捷")')
    page.click('[data-test="rate"]')
    page.wait_for_selector("text=感谢您的评价")
    assert page.locator('[data-test="rating"]').count() == 0
    page.shots("rated")
    assert services.ratings.rated(app_id) == {"submission"}
    assert dict(services.ratings.per_matter()[0].reasons) == {"fast": 1}
