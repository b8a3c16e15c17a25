"""Request values parsed in one place: a value that does not parse answers 400 with a plain
message, an id that names nothing 404 — never a 500 from deep inside a view.

``<int:…>`` in every route is an id a database column can hold; a control character in any
path, query or form value is refused before a view runs (PostgreSQL refuses NUL in text);
views read numbers, choices and the signature pad's image through the helpers below.
"""
from __future__ import annotations

import base64
import binascii
import logging
from collections.abc import Collection

from flask import Flask, request
from flask_babel import gettext as _
from werkzeug.exceptions import BadRequest
from werkzeug.routing import IntegerConverter

log = logging.getLogger(__name__)

MAX_ID = 2**31 - 1   # ids are INTEGER columns: 32 bits on PostgreSQL
_CONTROL = {chr(c) for c in range(32)} - {"\t", "\n", "\r"} | {"\x7f"}


class BadValue(BadRequest):
    """A request value that does not parse; ``description`` is the plain message shown."""

    def __init__(self, name: str, raw: object):
        super().__init__(_("请求中的内容无效，请返回重试。"))
        self.field = name
        # The value itself may be someone's name or number: the log says which field and how long.
        log.info("refused request value %s (%d characters)", name, len(str(raw)))


class IdConverter(IntegerConverter):
    """What ``<int:…>`` means in every route: a number from 0 to MAX_ID, else the route does not match."""

    def __init__(self, url_map, fixed_digits: int = 0, min: int | None = 0, max: int | None = MAX_ID,
                 signed: bool = False):
        super().__init__(url_map, fixed_digits, min, max, signed)


def install(app: Flask) -> None:
    """Before any blueprint adds its routes: they are compiled with the converters in place."""
    app.url_map.converters["int"] = IdConverter

    @app.before_request
    def refuse_control_characters():
        for source in (request.view_args or {}, request.args, request.form):
            values = source.items(multi=True) if hasattr(source, "getlist") else source.items()
            for name, value in values:
                if isinstance(value, str) and not _CONTROL.isdisjoint(value):
                    raise BadValue(name, value)


def form_int(name: str, default: int | None = None, *, lo: int, hi: int) -> int:
    """A whole number from ``lo`` to ``hi``; ``default`` when the field is absent."""
    raw = request.form.get(name)
    if raw is None and default is not None:
        return default
    if raw is None or not (raw.isascii() and raw.isdigit()) or not lo <= int(raw) <= hi:
        raise BadValue(name, raw)
    return int(raw)


def form_choice(name: str, choices: Collection[str], default: str | None = None) -> str:
    """One of ``choices``; ``default`` when the field is absent."""
    raw = request.form.get(name, default)
    if raw not in choices:
        raise BadValue(name, raw)
    return raw


def form_choices(name: str, choices: Collection[str]) -> list[str]:
    """Every value of a repeated field, each one of ``choices``."""
    values = request.values.getlist(name)
    for value in values:
        if value not in choices:
            raise BadValue(name, value)
    return values


def png_data_url(name: str) -> bytes:
    """The signature pad's ``data:image/png;base64,…`` decoded; b"" when nothing was drawn."""
    raw = request.form.get(name, "")
    prefix = "data:image/png;base64,"
    if not raw.startswith(prefix):
        return b""
    try:
        return base64.b64decode(raw[len(prefix):], validate=True)
    except (binascii.Error, ValueError):
        raise BadValue(name, raw) from None
