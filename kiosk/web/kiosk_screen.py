"""Only the kiosk's own screen drives its devices and sees the citizen's screens.

The kiosk shell (whatever starts the touchscreen browser) opens ``/kiosk/launch?token=…`` once
per boot, with the token the kiosk printed at start (or the ``CLIENT_TOKEN`` it was given); the
browser then holds the token in an HttpOnly cookie. Citizen and device routes answer only a
browser on this machine (loopback) holding that cookie: another computer on the hall's network,
or another program without the token, gets 403. The staff desk and the public progress page
(reached by the receipt's QR code) are not screen routes.
"""
from __future__ import annotations

import hmac
import ipaddress
import secrets

from flask import Blueprint, Flask, current_app, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from werkzeug.exceptions import Forbidden

COOKIE = "kiosk_screen"
MIN_TOKEN_LENGTH = 32

bp = Blueprint("kiosk_screen", __name__)


class NotTheKioskScreen(Forbidden):
    """A screen or device route asked by anything but the kiosk's own screen."""


def init_token(app: Flask) -> None:
    """A token given in the configuration (the shell chose it), else a fresh one for this boot;
    and the page that answers any other client."""
    token = app.config.get("CLIENT_TOKEN")
    if token is None:
        app.config["CLIENT_TOKEN"] = secrets.token_urlsafe(32)
    elif len(str(token)) < MIN_TOKEN_LENGTH:
        raise ValueError(f"CLIENT_TOKEN must be at least {MIN_TOKEN_LENGTH} characters (use a random one)")
    else:
        app.config["CLIENT_TOKEN"] = str(token)
    app.register_error_handler(NotTheKioskScreen, _refused)


def _refused(exc: NotTheKioskScreen):
    message = _("此页面只在自助终端本机的屏幕上提供。")
    if request.path.startswith("/api/"):
        return jsonify(error=message), 403
    return render_template("errors/error.html", message=message, status=403), 403


def launch_path(app: Flask) -> str:
    """Where the kiosk shell points the screen's browser (the token in it: keep it on this machine)."""
    return f"/kiosk/launch?token={app.config['CLIENT_TOKEN']}"


def from_loopback() -> bool:
    try:
        address = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return (getattr(address, "ipv4_mapped", None) or address).is_loopback


def _matches(candidate: str | None) -> bool:
    return bool(candidate) and hmac.compare_digest(candidate.encode(), current_app.config["CLIENT_TOKEN"].encode())


def is_kiosk_screen() -> bool:
    """Whether this request comes from the kiosk's own screen."""
    return from_loopback() and _matches(request.cookies.get(COOKIE))


def require_kiosk_screen() -> None:
    """``before_request`` of every citizen and device blueprint."""
    if request.endpoint in EXEMPT or request.endpoint is None:
        return
    if not is_kiosk_screen():
        raise NotTheKioskScreen()


# Endpoints of screen blueprints that any client may reach: the progress page a receipt's QR code
# opens (its own token guards it), the display preferences (another browser keeps its own) and
# the catalog's example pictures.
EXEMPT = {"citizen.progress", "citizen.prefs", "citizen.example", "citizen.drawn_example"}


@bp.get("/kiosk/launch")
def launch():
    if not from_loopback() or not _matches(request.args.get("token")):
        raise NotTheKioskScreen()
    # Redirect so the token leaves the address bar; Strict: no other site's page can use the cookie.
    response = redirect(url_for("citizen.home"))
    response.set_cookie(COOKIE, current_app.config["CLIENT_TOKEN"], httponly=True, samesite="Strict")
    return response
