"""Who is signed in at the staff desk, and until when.

A staff session is more than the signed cookie's user id: it carries the account's session
version at log-in, when it began, its last request and the address it came from. Flask-Login
loads the user through ``load`` on every request of every staff page, whichever blueprint
serves it (queue, case, locker desk, …), and the session ends there when

- the account's version moved on (it logged out anywhere, or its password changed): a cookie
  copied before that is worthless, from any address;
- it comes from another address than the one it logged in from;
- STAFF_IDLE_SECONDS passed since its last request, or PERMANENT_SESSION_LIFETIME since log-in.
"""
from __future__ import annotations

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import UserMixin, login_user, logout_user

# What a staff session keeps beside Flask-Login's own keys.
SINCE, SEEN, ADDRESS = "staff_since", "staff_seen", "staff_addr"


class StaffLogin(UserMixin):
    """What the session keeps of a staff user: no password hash."""

    def __init__(self, user):
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name
        self.role = user.role
        self.version = user.session_version

    def get_id(self) -> str:
        return f"{self.id}:{self.version}"

    @property
    def actor(self) -> str:
        """How the user appears in transitions and the audit log."""
        return f"staff:{self.username}"


def _services():
    from kiosk.wiring import services
    return services()


def _now() -> float:
    return _services().desk.clock().timestamp()


def begin(user) -> None:
    """Log ``user`` in on this browser, bound to this address."""
    session.permanent = True
    login_user(StaffLogin(user))
    now = _now()
    session.update({SINCE: now, SEEN: now, ADDRESS: request.remote_addr})


def end(user: StaffLogin, why: str = "logout") -> None:
    """Log out, here and on every other browser holding a session of this account."""
    _services().staff.end_sessions(user.id)
    _services().audit.record(user.actor, "logout", user.actor, {"why": why})
    logout_user()
    _forget()


def load(user_id: str) -> StaffLogin | None:
    """Flask-Login's user loader: the user while the session holds, else None (and it is ended)."""
    try:
        uid, version = (int(part) for part in user_id.split(":"))
    except ValueError:
        return _forget()
    user = _services().staff.get(uid)
    if user is None or not user.active:
        return _forget()
    login = StaffLogin(user)
    why = _refusal(version == user.session_version)
    if why is not None:
        _services().audit.record(login.actor, "logout", login.actor, {"why": why, "ip": request.remote_addr})
        if why in ("idle", "lifetime"):
            flash(_("长时间未操作，已自动退出，请重新登录。") if why == "idle"
                  else _("登录已超过最长时限，请重新登录。"), "info")
        return _forget()
    session[SEEN] = _now()
    return login


def _refusal(current_version: bool) -> str | None:
    """Why this session may not go on, or None."""
    if not current_version:
        return "revoked"
    since, seen = session.get(SINCE), session.get(SEEN)
    if since is None or seen is None or session.get(ADDRESS) != request.remote_addr:
        return "address"
    now = _now()
    if now - seen > _services().config["STAFF_IDLE_SECONDS"]:
        return "idle"
    if now - since > current_app.permanent_session_lifetime.total_seconds():
        return "lifetime"
    return None


def _forget() -> None:
    for key in ("_user_id", "_fresh", "_id", SINCE, SEEN, ADDRESS):
        session.pop(key, None)
    return None
