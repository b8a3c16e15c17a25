"""The staff desk: log-in, the cases that need a person, a case with its evidence, decisions,
sampling, ratings and the supervisor's dashboard."""
from __future__ import annotations

from flask import Blueprint, Flask
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_login import LoginManager

from kiosk.web.staff import auth

bp = Blueprint("staff", __name__)
login_manager = LoginManager()
limiter = Limiter(key_func=get_remote_address, default_limits=[], storage_uri="memory://")


def init_login(app: Flask) -> None:
    from kiosk.web.staff.rating_views import ratings_bp, rating_choices

    login_manager.init_app(app)
    login_manager.login_view = "staff.login"
    login_manager.login_message = None
    login_manager.session_protection = "strong"
    limiter.init_app(app)
    # The citizen's 好差评 form lives with the desk that reads the ratings.
    app.register_blueprint(ratings_bp, url_prefix="/rating")
    app.context_processor(rating_choices)

    login_manager.user_loader(auth.load)


from kiosk.web.staff import views  # noqa: E402,F401
