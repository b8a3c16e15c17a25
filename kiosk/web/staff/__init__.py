"""The staff desk: log-in, the cases that need a person, a case with its evidence, decisions."""
from __future__ import annotations

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin

bp = Blueprint("staff", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")


class StaffLogin(UserMixin):
    """What the session keeps of a staff user: no password hash."""

    def __init__(self, user):
        self.id = user.id
        self.username = user.username
        self.display_name = user.display_name
        self.role = user.role


def init_login(app: Flask) -> None:
    from kiosk.wiring import services

    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.session_protection = "strong"
    limiter.init_app(app)

    @login_manager.user_loader
    def load(user_id: str):
        user = services().staff.get(int(user_id))
        return StaffLogin(user) if user and user.active else None


from kiosk.web.staff import views  # noqa: E402,F401
