"""Locker screens: the citizen's hand-in and pickup at the kiosk (/locker/…) and the staff's
locker desk (/staff/lockers/…). Views are thin: they call kiosk.services.lockers."""
from __future__ import annotations

from flask import Blueprint

bp = Blueprint("lockers", __name__)
staff_bp = Blueprint("staff_lockers", __name__)

from kiosk.web.lockers import staff_views, views  # noqa: E402,F401
