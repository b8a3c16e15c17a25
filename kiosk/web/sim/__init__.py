"""The simulation panel (simulation mode only): put a card on the simulated reader, lay a
document under the simulated camera, pull the card away, see what the printer printed.
Everything goes through the wire-level simulators, so the kiosk runs its real drivers."""
from flask import Blueprint

bp = Blueprint("sim", __name__)

from kiosk.web.sim import views  # noqa: E402,F401
