"""Staff sessions end for real: logging out or a new password revokes every copy of the cookie,
a session is bound to its address, idle and absolute lifetimes hold on every staff blueprint,
wrong passwords lock a user name (persisted), cookies are
Secure behind TLS, and progress look-ups are limited."""
from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone

import pytest
from kiosk.web.staff import limiter
from tests.conftest import make_app

PASSWORD = "correct horse battery"
DESK = "10.0.0.5"


class Clock:
    def __init__(self):
        self.now = datetime.now(timezone.utc)

    def __call__(self):
        return self.now

    def advance(self, **delta):
        self.now += timedelta(**delta)


@pytest.fixture
def clock(services):
    clock = Clock()
    services.desk.clock = clock
    services.staff.clock = clock
    return clock


@pytest.fixture(autouse=True)
def fresh_limits(app):
    limiter.reset()


def desk(app, address=DESK):
    client = app.test_client()
    client.environ_base["REMOTE_ADDR"] = address
    return client


def login(client, username="li", password=PASSWORD):
    return client.post("/staff/login", data={"username": username, "password": password})


def session_cookie(client) -> str:
    return client.get_cookie("session").value


def replay(app, cookie: str, address=DESK, path="/staff/queue"):
    """Another browser (or an attacker) sending a copied session cookie."""
    other = desk(app, address)
    other.set_cookie("session", cookie)
    return other.get(path)


@pytest.fixture
def reviewer(services):
    services.staff.create_user("li", PASSWORD, "reviewer")
    return "li"


def test_a_cookie_copied_before_logout_no_longer_works(app, reviewer):
    client = desk(app)
    login(client)
    copied = session_cookie(client)
    assert replay(app, copied).status_code == 200
    client.post("/staff/logout")
    response = replay(app, copied)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert replay(app, copied, address="203.0.113.9").status_code == 302


def test_a_new_password_ends_every_session(app, services, reviewer, runner):
    client = desk(app)
    login(client)
    result = runner.invoke(args=["staff", "set-password", "li"], input="another long one\nanother long one\n")
    assert result.exit_code == 0, result.output
    assert client.get("/staff/queue").status_code == 302
    assert login(client, password="another long one").status_code == 302
    assert client.get("/staff/queue").status_code == 200


def test_a_session_is_bound_to_the_address_it_logged_in_from(app, reviewer):
    client = desk(app)
    login(client)
    copied = session_cookie(client)
    assert replay(app, copied, address="203.0.113.9").status_code == 302
    # Forged forwarding headers do not help: no proxy is trusted by default.
    other = desk(app, "203.0.113.9")
    other.set_cookie("session", copied)
    assert other.get("/staff/queue", headers={"X-Forwarded-For": DESK}).status_code == 302


@pytest.mark.parametrize("path", ["/staff/queue", "/staff/lockers/"])
def test_idle_and_absolute_lifetime_hold_on_every_staff_blueprint(app, services, clock, path):
    services.staff.create_user("zhao", PASSWORD, "supervisor")
    client = desk(app)
    login(client, "zhao")
    assert client.get(path).status_code == 200
    clock.advance(seconds=services.config["STAFF_IDLE_SECONDS"] + 1)
    response = client.get(path)
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]
    assert "长时间未操作" in client.get(response.headers["Location"]).get_data(as_text=True)

    login(client, "zhao")
    lifetime = app.permanent_session_lifetime
    for _ in range(int(lifetime.total_seconds() // 600)):      # busy all shift, a request every 10 minutes
        clock.advance(minutes=10)
        assert client.get(path).status_code == 200
    clock.advance(minutes=10)
    assert client.get(path).status_code == 302


def test_wrong_passwords_lock_the_user_name_from_every_address_and_across_restarts(app, services, clock,
                                                                                  reviewer, tmp_path):
    attempts = services.config["STAFF_LOGIN_ATTEMPTS"]
    for n in range(attempts):
        page = login(desk(app, f"198.51.100.{n}"), password="wrong password!").get_data(as_text=True)
        assert "用户名或密码不正确" in page
    locked = login(desk(app, "198.51.100.200"))          # the right password, from yet another address
    assert locked.status_code == 429
    assert "15 分钟后再试" in locked.get_data(as_text=True)
    # The lock is in the database: a restarted kiosk keeps it.
    restarted = make_app(tmp_path)
    restarted.extensions["kiosk"].staff.clock = clock
    assert login(desk(restarted)).status_code == 429
    restarted.extensions["kiosk"].db.dispose()
    # An unknown user name is locked the same way: a lock does not tell which names exist.
    for n in range(attempts):
        login(desk(app, f"198.51.100.{n}"), username="nobody")
    assert login(desk(app), username="nobody").status_code == 429
    clock.advance(seconds=services.config["STAFF_LOGIN_LOCK_SECONDS"] + 1)
    assert login(desk(app)).status_code == 302


def set_cookie_after_a_choice(app, **headers) -> str:
    """The Set-Cookie header of a request that changes the session (the language)."""
    return app.test_client().post("/prefs", data={"set": "en"}, headers=headers).headers["Set-Cookie"]


def test_session_cookies_are_secure_behind_tls(tmp_path):
    proxied = make_app(tmp_path / "a", TRUSTED_PROXIES=1)
    assert "Secure" in set_cookie_after_a_choice(proxied, **{"X-Forwarded-Proto": "https"})
    assert "Secure" not in set_cookie_after_a_choice(proxied)
    direct = make_app(tmp_path / "b")          # no proxy trusted: the header is anyone's to send
    assert "Secure" not in set_cookie_after_a_choice(direct, **{"X-Forwarded-Proto": "https"})
    https = make_app(tmp_path / "c", PREFERRED_URL_SCHEME="https")
    assert "Secure" in set_cookie_after_a_choice(https)
    for app in (proxied, direct, https):
        app.extensions["kiosk"].db.dispose()


def test_a_trusted_proxy_gives_the_client_address_a_session_is_bound_to(tmp_path):
    app = make_app(tmp_path, TRUSTED_PROXIES=1)
    app.extensions["kiosk"].staff.create_user("li", PASSWORD, "reviewer")
    client = desk(app, "127.0.0.1")
    client.post("/staff/login", data={"username": "li", "password": PASSWORD}, headers={"X-Forwarded-For": DESK})
    assert client.get("/staff/queue", headers={"X-Forwarded-For": DESK}).status_code == 200
    assert client.get("/staff/queue", headers={"X-Forwarded-For": "203.0.113.9"}).status_code == 302
    app.extensions["kiosk"].db.dispose()


def test_progress_lookups_are_limited_and_say_how_long(client):
    answers = [client.get(f"/progress/K01-20261204-{n:04d}?t=guess") for n in range(31)]
    assert {a.status_code for a in answers[:30]} == {404} and answers[30].status_code == 429
    assert re.search(r"请 \d+ 秒后再试", answers[30].get_data(as_text=True))
    posts = [client.post("/progress", data={"number": f"{n}"}).status_code for n in range(11)]
    assert posts[10] == 429
