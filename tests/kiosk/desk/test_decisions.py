"""Decisions at the desk: recorded with who, when and why, and shown on the citizen's progress page."""
from __future__ import annotations

import json
from datetime import date, timedelta

import pytest

from kiosk.domain import states
from kiosk.services.applications import ApplicationError
from tests.kiosk.desk.conftest import NOW, login
from tests.kiosk.services.test_applications import complete_case


@pytest.fixture
def submitted(services):
    svc = services.applications
    app_id = complete_case(svc)
    svc.prereview(app_id)
    return svc.submit(app_id)


def progress(client, app):
    return client.get(f"/progress/{app.number}?t={app.access_token}").get_data(as_text=True)


def test_rejection_is_recorded_and_shown_to_the_citizen(client, services, staff, submitted):
    login(client, "li")
    response = client.post(f"/staff/case/{submitted.id}/decide", data={"decision": "reject", "reason": ""})
    assert response.status_code == 302
    assert services.applications.get(submitted.id).state == states.WAITING_STAFF   # a reason is required
    client.post(f"/staff/case/{submitted.id}/decide", data={"decision": "reject", "reason": "租赁合同未备案"})
    last = services.applications.get(submitted.id).transitions[-1]
    assert (last.to_state, last.actor, last.reason, last.at.replace(tzinfo=None)) == (
        states.REJECTED, "staff:li", "租赁合同未备案", NOW.replace(tzinfo=None))
    decided = [e for e in services.audit.entries(f"application:{submitted.id}") if e.action == "decide"]
    assert decided and json.loads(decided[0].details)["decision"] == states.REJECTED
    page = progress(client, submitted)
    assert 'data-test="result"' in page and "租赁合同未备案" in page and "不予受理" in page


def test_approval_shows_the_result_and_the_locker_hook(client, services, staff, submitted):
    services.pickup_instructions = lambda app: f"请到 3 号柜取件（{app.number}）"
    login(client, "li")
    client.post(f"/staff/case/{submitted.id}/decide", data={"decision": "approve"})
    page = progress(client, submitted)
    assert "已办结（通过）" in page and f"请到 3 号柜取件（{submitted.number}）" in page


def test_a_supplement_needs_a_future_deadline_which_the_citizen_sees(client, services, staff, submitted):
    login(client, "li")
    client.post(f"/staff/case/{submitted.id}/decide", data={"decision": "supplement", "reason": "请补交劳动合同"})
    assert services.applications.get(submitted.id).state == states.WAITING_STAFF      # no deadline
    client.post(f"/staff/case/{submitted.id}/decide",
                data={"decision": "supplement", "reason": "请补交劳动合同", "deadline": NOW.date().isoformat()})
    assert services.applications.get(submitted.id).state == states.WAITING_STAFF      # not in the future
    client.post(f"/staff/case/{submitted.id}/decide",
                data={"decision": "supplement", "reason": "请补交劳动合同", "deadline": "2026-11-27"})
    assert services.applications.get(submitted.id).state == states.SUPPLEMENT_REQUESTED
    assert services.applications.supplement_request(submitted.id).deadline == date(2026, 11, 27)
    page = progress(client, submitted)
    assert "2026-11-27" in page and "请补交劳动合同" in page


def test_a_missed_supplement_deadline_ends_the_case(client, services, submitted, clock):
    svc = services.applications
    svc.decide(submitted.id, states.SUPPLEMENT_REQUESTED, "staff:li", "请补交", deadline=date(2026, 11, 25))
    clock["now"] = NOW + timedelta(days=5)          # 11-25: the last day, still in time
    assert svc.expire_supplements() == []
    clock["now"] = NOW + timedelta(days=6)
    assert svc.expire_supplements() == [submitted.id]
    assert svc.get(submitted.id).state == states.TERMINATED
    page = client.get(f"/progress/{submitted.number}?t={submitted.access_token}").get_data(as_text=True)
    assert "补正材料未在 2026-11-25 前提交" in page.split('data-test="result"')[1]


def test_take_over_and_hand_back(client, services, staff, submitted):
    login(client, "li")
    client.post(f"/staff/case/{submitted.id}/assign", data={"take": "1"})
    assert services.applications.get(submitted.id).staff_assignee == "staff:li"
    other = client.application.test_client()
    login(other, "chen")                                   # another reviewer cannot take it or decide it
    other.post(f"/staff/case/{submitted.id}/assign", data={"take": "1"})
    other.post(f"/staff/case/{submitted.id}/decide", data={"decision": "approve"})
    app = services.applications.get(submitted.id)
    assert app.staff_assignee == "staff:li" and app.state == states.WAITING_STAFF
    supervisor = client.application.test_client()
    login(supervisor, "zhao")                              # a supervisor may take it over
    supervisor.post(f"/staff/case/{submitted.id}/assign", data={"take": "1"})
    assert services.applications.get(submitted.id).staff_assignee == "staff:zhao"
    supervisor.post(f"/staff/case/{submitted.id}/assign", data={"take": "0"})
    assert services.applications.get(submitted.id).staff_assignee is None
    actions = [(e.actor, e.action, json.loads(e.details)["previous"])
               for e in reversed(services.audit.entries(f"application:{submitted.id}"))
               if e.action in ("take_over", "hand_back")]
    assert actions == [("staff:li", "take_over", None), ("staff:zhao", "take_over", "staff:li"),
                       ("staff:zhao", "hand_back", "staff:zhao")]


def test_decided_cases_cannot_be_taken_over(services, submitted):
    services.applications.decide(submitted.id, states.APPROVED, "staff:li", "")
    with pytest.raises(ApplicationError):
        services.applications.assign(submitted.id, "staff:li", True)


def test_case_view_shows_pages_with_boxes_comparisons_and_history(client, services, staff, submitted):
    login(client, "li")
    page = client.get(f"/staff/case/{submitted.id}").get_data(as_text=True)
    assert page.count('class="panel page-view"') == len(services.applications.get(submitted.id).pages)
    assert 'polygon class="ocr"' in page and 'data-test="compare"' in page
    assert 'data-test="history"' in page and "已读取身份证" in page
    assert services.applications.get(submitted.id).card["id_number"] not in page   # masked
    scan = services.applications.get(submitted.id).pages[0]
    assert client.get(f"/staff/scan/{scan.id}").status_code == 200
    opened = [e for e in services.audit.entries(f"application:{submitted.id}") if e.action == "open_scan"]
    assert json.loads(opened[0].details)["page"] == scan.id


def test_mismatched_form_values_are_highlighted(client, services, staff):
    svc = services.applications
    app_id = complete_case(svc)
    svc.save_form(app_id, {"residence_address": "浙江省杭州市西湖区文三路200号1幢101室"})   # not what the lease says
    svc.prereview(app_id)
    svc.settle_disagreement(app_id, "residence_address", keep_mine=True)   # asked, the citizen keeps it
    svc.prereview(app_id)
    app = svc.submit(app_id)
    login(client, "li")
    page = client.get(f"/staff/case/{app.id}").get_data(as_text=True)
    row = page.split('data-match="0"')[1].split("</tr>")[0]
    assert "文三路200号" in row and "文三路100号" in row


def test_case_view_shows_the_signed_deferral_and_what_is_missing(client, services, staff):
    svc = services.applications
    app_id = complete_case(svc)
    svc.remove_page(app_id, "employment_proof", 1)
    svc.prereview(app_id)
    svc.sign_commitment(app_id, "deferral", ["employment_proof"], "承诺十日内补交", b"\x89PNG\r\n\x1a\nstrokes")
    svc.prereview(app_id)
    app = svc.submit(app_id)
    login(client, "li")
    page = client.get(f"/staff/case/{app.id}").get_data(as_text=True)
    panel = page.split('data-test="commitments"')[1].split("</section>")[0]
    assert "容缺后补" in panel and "承诺十日内补交" in panel and "2026-11-30" in panel
    assert "data:image/png;base64,iVBORw0KGgpzdHJva2Vz" in panel
