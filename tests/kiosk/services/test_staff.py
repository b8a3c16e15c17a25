"""Staff accounts in the database: the log-in lock per user name and the session version, on
SQLite and (when configured) PostgreSQL."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

import pytest

from kiosk.services.staff import LoginLocked
from tests.conftest import database_urls, make_app

PASSWORD = "correct horse battery"


@pytest.fixture(params=database_urls())
def staff(request, tmp_path):
    app = make_app(tmp_path, request.param)
    services = app.extensions["kiosk"]
    yield services.staff
    services.db.dispose()


def test_wrong_passwords_lock_the_name_until_the_lock_time_has_passed(staff):
    now = datetime.now(timezone.utc)
    staff.clock = lambda: now
    staff.create_user("li", PASSWORD, "reviewer")
    for _ in range(staff.limits.attempts):
        assert staff.authenticate("li", "wrong password!") is None
    with pytest.raises(LoginLocked) as locked:
        staff.authenticate("li", PASSWORD)
    assert locked.value.seconds == staff.limits.lock_seconds
    now += timedelta(seconds=staff.limits.lock_seconds + 1)
    assert staff.authenticate("li", PASSWORD).username == "li"
    # A success forgets the earlier failures: the count starts again.
    for _ in range(staff.limits.attempts - 1):
        assert staff.authenticate("li", "wrong password!") is None
    assert staff.authenticate("li", PASSWORD) is not None


def test_logging_out_and_a_new_password_move_the_session_version_on(staff):
    user = staff.create_user("li", PASSWORD, "reviewer")
    assert user.session_version == 0
    staff.end_sessions(user.id)
    staff.set_password("li", "another long password")
    assert staff.get(user.id).session_version == 2
    assert staff.authenticate("li", PASSWORD) is None and staff.authenticate("li", "another long password")
    with pytest.raises(ValueError):
        staff.set_password("li", "short")
