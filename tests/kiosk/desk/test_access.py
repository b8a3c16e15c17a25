"""Who may do what at the desk, sessions that end, and the staff CLI."""
from __future__ import annotations

from datetime import timedelta

import pytest

from kiosk.domain import states
from tests.kiosk.desk.conftest import login, make_case

PAGES = ["/staff/queue", "/staff/sampling", "/staff/ratings", "/staff/dashboard", "/staff/case/{id}"]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_needs_a_login(client, services, path):
    case = make_case(services)
    response = client.get(path.format(id=case))
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_anonymous_cannot_post_a_decision(client, services):
    case = make_case(services)
    response = client.post(f"/staff/case/{case}/decide", data={"decision": "approve"})
    assert response.status_code == 302
    assert services.applications.get(case).state == states.WAITING_STAFF


def test_locker_operator_sees_no_cases_and_cannot_decide(client, services, staff):
    case = make_case(services)
    login(client, "wang")
    assert client.get("/staff/", follow_redirects=True).status_code == 200
    for path in ("/staff/queue", f"/staff/case/{case}", "/staff/sampling", "/staff/dashboard"):
        assert client.get(path).status_code == 403, path
    assert client.post(f"/staff/case/{case}/decide", data={"decision": "approve"}).status_code == 403
    assert client.post(f"/staff/case/{case}/assign", data={"take": "1"}).status_code == 403
    assert services.applications.get(case).state == states.WAITING_STAFF


def test_reviewer_works_cases_but_has_no_dashboard(client, services, staff):
    case = make_case(services)
    login(client, "li")
    assert client.get(f"/staff/case/{case}").status_code == 200
    assert client.get("/staff/dashboard").status_code == 403
    assert client.post(f"/staff/case/{case}/decide", data={"decision": "approve"}).status_code == 302
    assert services.applications.get(case).state == states.APPROVED


def test_idle_staff_sessions_end(client, services, staff, clock):
    login(client, "li")
    assert client.get("/staff/queue").status_code == 200
    clock["now"] += timedelta(seconds=services.config["STAFF_IDLE_SECONDS"] - 1)
    assert client.get("/staff/queue").status_code == 200          # still in use: the timer restarts
    clock["now"] += timedelta(seconds=services.config["STAFF_IDLE_SECONDS"] + 1)
    response = client.get("/staff/queue")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert client.get("/staff/queue").status_code == 302          # logged out for good
    assert any(e.action == "logout" for e in services.audit.entries())


def test_sessions_are_permanent_with_a_lifetime(app, client, staff):
    login(client, "li")
    cookie = client.get_cookie(app.config.get("SESSION_COOKIE_NAME", "session"))
    assert cookie is not None and cookie.expires is not None
    assert app.permanent_session_lifetime == timedelta(seconds=app.config["PERMANENT_SESSION_LIFETIME"])


def test_logins_and_failures_are_audited(client, services, staff):
    login(client, "li", "wrong password!!")
    login(client, "li")
    actions = [(e.actor, e.action) for e in reversed(services.audit.entries())]
    assert ("anonymous", "login_failed") in actions and ("staff:li", "login") in actions


def test_deactivated_users_are_logged_out_and_refused(client, runner, services, staff):
    login(client, "li")
    assert client.get("/staff/queue").status_code == 200
    result = runner.invoke(args=["staff", "deactivate", "li"])
    assert result.exit_code == 0, result.output
    assert client.get("/staff/queue").status_code == 302
    assert login(client, "li").status_code == 200     # the log-in form again, with an error
    listing = runner.invoke(args=["staff", "list"]).output
    assert "li" in listing and "deactivated" in listing and "zhao" in listing
    assert runner.invoke(args=["staff", "deactivate", "nobody"]).exit_code != 0


def test_every_staff_route_but_the_login_needs_a_login(app, client):
    """Walks the URL map, so a route added later without a guard fails here."""
    routes = [r for r in app.url_map.iter_rules()
              if r.rule.startswith("/staff") and r.endpoint not in ("staff.login",)]
    assert len(routes) >= 10
    for rule in routes:
        url = rule.rule
        for name in rule.arguments:
            url = url.replace(f"<int:{name}>", "1").replace(f"<{name}>", "1")
        for method in {"GET", "POST"} & set(rule.methods):
            response = client.open(url, method=method)
            assert response.status_code == 302 and "/staff/login" in response.headers["Location"], (method, url)


def test_scans_of_unsubmitted_drafts_are_not_served(client, services, staff):
    svc = services.applications
    draft = svc.start("residence_permit")
    from tests.kiosk.services.test_applications import JPEG, senior
    svc.identify(draft, senior())
    page_id = svc.add_page(draft, "photo", 1, JPEG)
    login(client, "li")
    assert client.get(f"/staff/scan/{page_id}").status_code == 404
    assert client.get(f"/staff/case/{draft}").status_code == 404


def test_the_desk_speaks_english(client, services, staff):
    make_case(services)
    client.post("/prefs", data={"set": "en", "next": "/"})
    login(client, "zhao")
    queue = client.get("/staff/queue").get_data(as_text=True)
    assert "Finding category" in queue and "Dashboard" in queue and "问题类别" not in queue
