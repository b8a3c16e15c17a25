"""JSON endpoints of the on-screen keyboard's Chinese input: pinyin and handwriting candidates."""
from flask import Blueprint

bp = Blueprint("input", __name__)

from kiosk.web.input import views  # noqa: E402,F401
