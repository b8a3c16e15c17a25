"""The simulation panel (registered in simulation mode only): put a card on the simulated reader, lay a
document under the simulated camera, pull the card away, see what the printer printed.
Everything goes through the wire-level simulators, so the kiosk runs its real drivers."""
from flask import Blueprint

from kiosk.web import csrf
from kiosk.web.kiosk_screen import require_kiosk_screen

bp = Blueprint("sim", __name__)
bp.before_request(require_kiosk_screen)   # loopback and the kiosk's screen: it shows every printed receipt
# The panel sits in a second tab beside the kiosk screen and shares its cookie: each new visit
# clears the session and with it the CSRF token the panel's forms carry. The panel only plays
# the simulated hardware, holds no one's data, and answers 404 outside simulation mode.
csrf.exempt(bp)

from kiosk.web.sim import views  # noqa: E402,F401
