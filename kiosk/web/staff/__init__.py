"""The staff desk: log-in, the cases that need a person, a case with its evidence, decisions,
sampling, ratings and the supervisor's dashboard."""
from __future__ import annotations

from flask import Blueprint, Flask, flash, redirect, request, session, url_for
from flask_babel import gettext as _
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager, UserMixin, current_user, logout_user

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

    @property
    def actor(self) -> str:
        """How the user appears in transitions and the audit log."""
        return f"staff:{self.username}"


def init_login(app: Flask) -> None:
    from kiosk.web.staff.rating_views import ratings_bp, rating_choices
    from kiosk.wiring import services

    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    limiter.init_app(app)
    # The citizen's 好差评 form lives with the desk that reads the ratings.
    app.register_blueprint(ratings_bp, url_prefix="/rating")
    app.context_processor(rating_choices)

    @login_manager.user_loader
    def load(user_id: str):
        user = services().staff.get(int(user_id))
        return StaffLogin(user) if user and user.active else None


@bp.before_request
def idle_timeout():
    """Log a staff session out after STAFF_IDLE_SECONDS without a request (a desk left unattended)."""
    from kiosk.wiring import services

    if not current_user.is_authenticated:
        return None
    now = services().desk.clock().timestamp()
    last = session.get("staff_seen")
    session["staff_seen"] = now
    if last is not None and now - last > services().config["STAFF_IDLE_SECONDS"]:
        services().audit.record(current_user.actor, "logout", current_user.actor, {"why": "idle"})
        logout_user()
        session.pop("staff_seen", None)
        flash(_("长时间未操作，已自动退出，请重新登录。"), "info")
        return redirect(url_for("staff.login", next=request.path))
    return None


from kiosk.web.staff import views  # noqa: E402,F401
