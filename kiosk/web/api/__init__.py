"""JSON endpoints the kiosk's pages poll: card, camera, capture progress, activity."""
from flask import Blueprint

bp = Blueprint("api", __name__)

from kiosk.web.api import views  # noqa: E402,F401
