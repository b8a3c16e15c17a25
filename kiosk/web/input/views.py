"""Thin views over the ime engines. Lookups are POSTed: the keys and strokes are what the citizen
is typing (names, addresses), and a query string would put them into access logs."""
from __future__ import annotations

from flask import abort, jsonify, request
from flask_babel import gettext as _

from ime import InputError
from kiosk.web.input import bp
from kiosk.wiring import services


@bp.get("/methods")
def methods():
    """Which Chinese input methods this kiosk offers, so the keyboard shows only those."""
    return jsonify(methods=sorted(services().input_methods()))


def _engine(kind: str):
    engine = services().input_methods().get(kind)
    if engine is None:
        abort(404)
    return engine


def _body() -> dict:
    body = request.get_json(silent=True)
    if not isinstance(body, dict):
        raise InputError("a JSON object is expected")
    return body


def _int(body: dict, key: str, default: int) -> int:
    value = body.get(key, default)
    if not isinstance(value, int) or isinstance(value, bool):
        raise InputError(f"{key} must be a whole number")
    return value


@bp.post("/pinyin")
def pinyin():
    engine = _engine("pinyin")
    body = _body()
    keys, picks = body.get("keys", ""), body.get("picks", [])
    if not isinstance(keys, str) or not isinstance(picks, list) or not all(
            isinstance(p, int) and not isinstance(p, bool) for p in picks):
        raise InputError("keys is a string and picks a list of candidate numbers")
    return jsonify(engine.compose(keys, picks, page=_int(body, "page", 0),
                                  page_size=_int(body, "page_size", 8)).as_json())


@bp.post("/handwriting")
def handwriting():
    engine = _engine("handwriting")
    body = _body()
    strokes = body.get("strokes")
    if not isinstance(strokes, list) or not all(isinstance(s, list) for s in strokes):
        raise InputError("strokes is a list of strokes, each a list of [x, y] points")
    return jsonify(engine.recognise([[tuple(p) if isinstance(p, list) else (p,) for p in s] for s in strokes],
                                    _int(body, "width", 0), _int(body, "height", 0),
                                    page=_int(body, "page", 0), page_size=_int(body, "page_size", 8)).as_json())


@bp.errorhandler(InputError)
def bad_input(exc: InputError):
    # The keyboard keeps what was typed; the message is for the log and the developer console.
    return jsonify(error=_("输入无法识别，请重试。"), detail=str(exc)), 400
