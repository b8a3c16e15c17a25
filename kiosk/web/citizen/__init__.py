"""The citizen's screens: choose a service, identify, fill, capture, pre-review, submit, follow."""
from flask import Blueprint

from kiosk.web.kiosk_screen import require_kiosk_screen

bp = Blueprint("citizen", __name__)
bp.before_request(require_kiosk_screen)   # the kiosk's own screen only

from kiosk.web.citizen import passport, views  # noqa: E402,F401  (routes register on import)
