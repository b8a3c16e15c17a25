"""Chinese input methods for the on-screen keyboard: pinyin and handwriting, behind one interface.

Plain Python with no Flask and no kiosk imports, like ocr/ and devices/. ``load_methods`` builds
the configured engines by name ("rime" for pinyin, "zinnia" for handwriting); an installation can
register another engine under a new name in ``PINYIN`` or ``HANDWRITING``.
"""
from __future__ import annotations

import importlib
import logging

from ime.base import (Composition, HandwritingMethod, InputError, InputUnavailable, PinyinMethod,
                      Stroke)

log = logging.getLogger(__name__)

# name -> "module:Class"; a module is imported only when its engine is asked for.
PINYIN = {"rime": "ime.rime:RimePinyin"}
HANDWRITING = {"zinnia": "ime.zinnia:ZinniaHandwriting"}

__all__ = ["Composition", "HandwritingMethod", "InputError", "InputUnavailable", "PinyinMethod",
           "Stroke", "load_methods"]


def _engine(registry: dict, kind: str, name: str, options: dict):
    try:
        module, cls = registry[name].split(":")
    except KeyError:
        raise ValueError(f"unknown {kind} input method {name!r}; known: {', '.join(sorted(registry))}") from None
    try:
        return getattr(importlib.import_module(module), cls)(**options)
    except InputUnavailable as exc:
        # The kiosk still serves Latin letters and digits; the keyboard offers what is there.
        log.warning("%s input %r unavailable: %s", kind, name, exc)
        return None


def load_methods(pinyin: dict | None, handwriting: dict | None) -> dict:
    """The configured engines, e.g. ``{"pinyin": RimePinyin, "handwriting": ZinniaHandwriting}``.

    Each setting is ``{"type": name, **options}`` or None for none. An unknown name fails here,
    at start-up; an engine whose library or data is missing is left out with one log line.
    """
    methods = {}
    for kind, registry, setting in (("pinyin", PINYIN, pinyin), ("handwriting", HANDWRITING, handwriting)):
        if not setting:
            continue
        options = dict(setting)
        engine = _engine(registry, kind, options.pop("type"), options)
        if engine is not None:
            methods[kind] = engine
    return methods
