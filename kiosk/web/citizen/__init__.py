"""The citizen's screens: choose a service, identify, fill, capture, pre-review, submit, follow."""
from flask import Blueprint

bp = Blueprint("citizen", __name__)

from kiosk.web.citizen import passport, views  # noqa: E402,F401  (routes register on import)
