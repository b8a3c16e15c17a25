"""Request values that do not parse answer 400 with a plain message, ids naming nothing 404, a
second decision on a decided case 409 — and nothing is changed by any of them."""
from __future__ import annotations

import io

import pytest

from devices.samples import sample
from kiosk.domain import states
from tests.conftest import kiosk_client, kiosk_visit, make_app
from tests.kiosk.factories import JPEG, prereviewed_case

PASSWORD = "correct horse battery"
PLAIN = "请求中的内容无效，请返回重试。"


def citizen(app, services):
    """A browser whose visit has a draft ready to submit."""
    draft = prereviewed_case(services.applications, sample("young-hangzhou").card)
    client = kiosk_client(app)
    kiosk_visit(client, draft_id=draft)
    return client, draft


def staff(app, services, role="admin"):
    services.staff.create_user("li", PASSWORD, role)
    client = app.test_client()
    assert client.post("/staff/login", data={"username": "li", "password": PASSWORD}).status_code == 302
    return client


@pytest.mark.parametrize("number", ["9" * 30, str(2**31), str(2**63)])
def test_ids_no_column_can_hold_name_nothing(app, services, number):
    client, _draft = citizen(app, services)
    for path in (f"/api/pages/{number}", f"/api/scans/{number}", f"/locker/door/{number}"):
        assert client.get(path).status_code == 404, path
    desk = staff(app, services)
    for path in (f"/staff/case/{number}", f"/staff/scan/{number}"):
        assert desk.get(path).status_code == 404, path
    assert desk.post(f"/staff/lockers/taken/{number}").status_code == 404


def test_a_page_number_that_is_no_number_is_a_plain_400(app, services):
    client, draft = citizen(app, services)
    before = len(services.applications.get(draft).pages)
    for page in ("abc", "-1", "1e3", "0", "100"):
        response = client.post("/api/capture", data={"material": "photo", "page": page})
        assert response.status_code == 400 and response.json == {"error": PLAIN}, page
    assert len(services.applications.get(draft).pages) == before


def test_an_unknown_material_is_not_found(app, services):
    client, _draft = citizen(app, services)
    upload = (io.BytesIO(JPEG), "page.jpg")
    assert client.post("/api/capture", data={"material": "no_such_material", "image": upload}).status_code == 404
    response = client.post("/commitment/promise", data={"material": "no_such_material"})
    assert response.status_code == 400 and PLAIN in response.get_data(as_text=True)


def test_a_malformed_signature_is_a_plain_400_and_nothing_is_signed(app, services):
    client = kiosk_client(app)
    matter = "unemployment_registration"       # a matter with a material 告知承诺 can replace
    replaceable = [m.id for m in services.applications.matter(matter).materials if m.replaceable]
    draft = services.applications.start(matter)
    services.applications.identify(draft, sample("young-hangzhou").card)
    services.applications.prereview(draft)
    kiosk_visit(client, draft_id=draft)
    for signature in ("data:image/png;base64,!!!", "data:image/png;base64,iVBORw0KGgo"):
        response = client.post("/commitment/promise", data={"material": replaceable[0], "signature": signature})
        assert response.status_code == 400, signature
    assert services.applications.get(draft).commitments == []


def test_control_characters_are_refused_before_any_view(app, services):
    client, _draft = citizen(app, services)
    assert client.get("/progress/2026112%00").status_code == 400
    assert client.post("/progress", data={"number": "2026\x00"}).status_code == 400
    assert client.get("/?q=%01").status_code == 400


def test_deciding_a_decided_case_is_a_conflict(app, services):
    svc = services.applications
    app_id = svc.submit(prereviewed_case(svc, sample("young-hangzhou").card)).id
    svc.originals_received(app_id, "staff:li", "handed in")
    desk = staff(app, services)
    assert desk.post(f"/staff/case/{app_id}/decide", data={"decision": "approve"}).status_code == 302
    again = desk.post(f"/staff/case/{app_id}/decide", data={"decision": "reject", "reason": "late"})
    assert again.status_code == 409 and "状态已经改变" in again.get_data(as_text=True)
    assert svc.get(app_id).state == states.APPROVED


@pytest.fixture(scope="module")
def live(tmp_path_factory):
    app = make_app(tmp_path_factory.mktemp("live"))
    services = app.extensions["kiosk"]
    services.start()
    yield app, services
    services.stop()
    services.db.dispose()


@pytest.mark.parametrize("path, data", [
    ("/sim/card", {"action": "place", "identity": "nobody-we-know"}),
    ("/sim/card", {"action": "dance"}),
    ("/sim/passport", {"action": "place", "seed": "abc"}),
    ("/sim/passport", {"action": "show_page", "seed": "9" * 30}),
    ("/sim/camera", {"action": "show", "doc_type": "not_a_type"}),
    ("/sim/camera", {"action": "show", "doc_type": "id_card_front", "seed": "-3"}),
    ("/sim/locker", {"bank": "A", "action": "close", "number": "x"}),
    ("/sim/locker", {"bank": "A", "action": "jam", "number": "999"}),
])
def test_the_simulation_panel_refuses_values_it_cannot_use(live, path, data):
    app, _services = live
    response = kiosk_client(app).post(path, data=data)
    assert response.status_code == 400 and "请求" in response.get_data(as_text=True)
