"""Guidance that is true at a fixed overhead camera, and values shown as people read them."""
from __future__ import annotations

from types import SimpleNamespace

import pytest

from devices.samples import sample
from kiosk.web.presenters import next_step, shown_reading
from ocr import quality
from ocr.synth import render
from tests.conftest import kiosk_client
from tests.kiosk.desk.conftest import finding


def readiness(app, services, image=None) -> list[str]:
    camera = services.devices.camera
    before = camera.frame_count
    services.simulation.camera.show(image) if image is not None else services.simulation.camera.clear()
    camera.wait_frame(after=before + 2, timeout=10)
    body = kiosk_client(app).get("/api/camera/readiness").get_json()
    assert not body["ready"] or image is not None
    return [c["message"] for c in body["checks"] if not c["ok"]]


def test_an_empty_tray_asks_for_the_document_not_for_stillness(live):
    app, services = live
    assert readiness(app, services) == ["请将材料平放在高拍仪下方"]
    laid = readiness(app, services, render("id_card_front", 1).image)
    assert "请将材料平放在高拍仪下方" not in laid


def test_no_guidance_asks_to_move_the_camera_or_the_citizen():
    for zh, en in quality._TEXT.values():
        assert "靠近" not in zh and "镜头" not in zh and "closer" not in en
    assert "保持不动" not in quality._TEXT["sharpness"][0]


@pytest.mark.parametrize("rule, category, value, shown", [
    ("quality.sharpness", "quality", "34.6036", None),                  # a measure, not a reading
    ("type.mismatch", "type", "unknown", "无法确定的材料"),
    ("validity.expired", "validity", "2026-11-30", "2026-11-30"),       # a date is not masked
    ("jurisdiction.region", "jurisdiction", "310104", None),
    ("validity.date_order", "validity", "start_date=2025-01-01 end_date=2024-01-01", None),
    ("consistency.name", "consistency", "周建国", "周建国"),
])
def test_findings_show_readings_not_codes(app, rule, category, value, shown):
    with app.test_request_context():
        assert shown_reading(finding(rule, category, value_read=value)) == shown


def test_only_identity_numbers_are_masked(app):
    number = sample("senior-shanghai").card.id_number
    with app.test_request_context():
        got = shown_reading(finding("eligibility.age", "eligibility", value_read=number))
    assert got != number and got.endswith(number[-4:]) and "*" in got


def test_only_an_approval_by_the_rules_is_called_instant(app):
    by_rules = SimpleNamespace(state="approved", flags=["sampling"])     # as submit() leaves a 秒办 case
    by_staff = SimpleNamespace(state="approved", flags=[])
    with app.test_request_context():
        assert next_step(by_rules).startswith("已即时办结")
        assert "即时" not in next_step(by_staff) and next_step(by_staff).startswith("审核已通过")
