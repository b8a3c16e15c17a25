"""The simulation panel (registered in simulation mode only): put a card on the simulated reader, lay a
document under the simulated camera, pull the card away, see what the printer printed.
Everything goes through the wire-level simulators, so the kiosk runs its real drivers."""
from flask import Blueprint

from kiosk.web.kiosk_screen import require_kiosk_screen

bp = Blueprint("sim", __name__)
bp.before_request(require_kiosk_screen)   # loopback and the kiosk's screen: it shows every printed receipt

from kiosk.web.sim import views  # noqa: E402,F401
