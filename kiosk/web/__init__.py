"""The web layer: blueprints render domain state and call domain services, nothing more."""
from __future__ import annotations

from flask import Flask, request
from flask_babel import Babel
from flask_wtf.csrf import CSRFProtect

from kiosk.domain.masking import mask_address, mask_id, mask_name

csrf = CSRFProtect()
babel = Babel()

LANGUAGES = {"zh_CN": "中文", "en": "English"}


def current_locale() -> str:
    from kiosk.web.visit import preference

    lang = preference("lang")
    if lang in LANGUAGES:
        return lang
    return "zh_CN"


def text_lang() -> str:
    """The language key catalog texts use."""
    return "en" if current_locale() == "en" else "zh-CN"


def register_web(app: Flask) -> None:
    from kiosk.web.transport import init_transport

    init_transport(app)
    babel.init_app(app, locale_selector=current_locale)
    csrf.init_app(app)

    from kiosk.web import errors, kiosk_screen, params, visit
    from kiosk.web.api import bp as api_bp
    from kiosk.web.citizen import bp as citizen_bp
    from kiosk.web.input import bp as input_bp
    from kiosk.web.lockers import bp as lockers_bp, staff_bp as staff_lockers_bp
    from kiosk.web.sim import bp as sim_bp
    from kiosk.web.staff import bp as staff_bp, init_login

    params.install(app)
    init_login(app)
    kiosk_screen.init_token(app)
    app.register_blueprint(kiosk_screen.bp)
    app.register_blueprint(citizen_bp)
    app.register_blueprint(api_bp, url_prefix="/api")
    app.register_blueprint(input_bp, url_prefix="/api/input")
    app.register_blueprint(staff_bp, url_prefix="/staff")
    app.register_blueprint(lockers_bp)
    app.register_blueprint(staff_lockers_bp, url_prefix="/staff/lockers")
    if app.config["DEVICES"] == "simulation":
        app.register_blueprint(sim_bp, url_prefix="/sim")
    errors.register(app)

    app.jinja_env.filters.update(mask_id=mask_id, mask_name=mask_name, mask_address=mask_address,
                                 t=lambda text: text.get(text_lang()) if text else "")

    @app.context_processor
    def ui_preferences():
        return {
            "locale": current_locale(),
            "languages": LANGUAGES,
            "large_text": visit.preference("large_text") or False,
            "high_contrast": visit.preference("high_contrast") or False,
            "visit": visit.current(),
            "idle_seconds": app.config["IDLE_SECONDS"],
            "countdown_seconds": app.config["IDLE_COUNTDOWN_SECONDS"],
            "simulation": app.config["DEVICES"] == "simulation",
            "endpoint": request.endpoint or "",
        }

    @app.after_request
    def no_caching_of_personal_pages(response):
        # Screens show personal data: never keep them in the browser's cache on a shared terminal.
        if not request.path.startswith("/static/"):
            response.headers["Cache-Control"] = "no-store"
        response.headers["X-Content-Type-Options"] = "nosniff"
        response.headers["X-Frame-Options"] = "DENY"
        return response
