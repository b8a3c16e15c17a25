"""The staff desk needs a log-in; roles limit what a user may do."""
from __future__ import annotations

import pytest


@pytest.fixture
def reviewer(services):
    services.staff.create_user("li", "correct horse battery", "reviewer", "李审核")
    return "li"


def login(client, username, password="correct horse battery"):
    return client.post("/staff/login", data={"username": username, "password": password})


def test_pages_need_a_login(client):
    response = client.get("/staff/")
    assert response.status_code == 302 and "/staff/login" in response.headers["Location"]


def test_wrong_password_is_refused(client, reviewer):
    page = login(client, reviewer, "wrong password!").get_data(as_text=True)
    assert "用户名或密码不正确" in page
    assert client.get("/staff/").status_code == 302


def test_reviewer_logs_in_and_sees_the_queue(client, reviewer):
    assert login(client, reviewer).status_code == 302
    assert "待复核案件" in client.get("/staff/", follow_redirects=True).get_data(as_text=True)


def test_locker_operator_cannot_decide_cases(client, services):
    services.staff.create_user("wang", "correct horse battery", "locker_operator")
    login(client, "wang")
    assert client.post("/staff/case/1/decide", data={"decision": "approve"}).status_code == 403


def test_short_passwords_and_unknown_roles_are_refused(services):
    with pytest.raises(ValueError):
        services.staff.create_user("a", "short", "reviewer")
    with pytest.raises(ValueError):
        services.staff.create_user("b", "long enough password", "janitor")


def test_create_user_cli(runner, services):
    result = runner.invoke(args=["staff", "create-user", "zhao", "--role", "supervisor"],
                           input="a long password\na long password\n")
    assert result.exit_code == 0, result.output
    assert services.staff.authenticate("zhao", "a long password").role == "supervisor"
