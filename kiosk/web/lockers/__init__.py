"""Locker screens: the citizen's hand-in and pickup at the kiosk (/locker/…) and the staff's
locker desk (/staff/lockers/…). Views are thin: they call kiosk.services.lockers."""
from __future__ import annotations

import logging

from flask import Blueprint, jsonify, render_template, request
from flask_babel import gettext as _

from kiosk.services.lockers import LockerError
from kiosk.web.kiosk_screen import require_kiosk_screen

log = logging.getLogger(__name__)

bp = Blueprint("lockers", __name__)
bp.before_request(require_kiosk_screen)   # the kiosk's own screen only
staff_bp = Blueprint("staff_lockers", __name__)


def locker_message(exc: LockerError) -> str:
    """The refusal in the screen's language."""
    return _(exc.message, **exc.params)


@bp.errorhandler(LockerError)
@staff_bp.errorhandler(LockerError)
def refused(exc: LockerError):
    log.info("locker request refused: %s", exc)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=locker_message(exc)), 409
    return render_template("errors/error.html", message=locker_message(exc), status=409), 409


from kiosk.web.lockers import staff_views, views  # noqa: E402,F401
