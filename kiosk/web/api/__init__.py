"""JSON endpoints the kiosk's pages poll: card, camera, capture progress, activity."""
from flask import Blueprint

from kiosk.web.kiosk_screen import require_kiosk_screen

bp = Blueprint("api", __name__)
bp.before_request(require_kiosk_screen)   # the kiosk's own screen only

from kiosk.web.api import views  # noqa: E402,F401
