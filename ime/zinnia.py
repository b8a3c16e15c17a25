"""Handwriting through zinnia (Debian ``libzinnia0``) with Tegaki's simplified-Chinese model
(``tegaki-zinnia-simplified-chinese``), by ctypes on zinnia's C API (zinnia.h).

zinnia classifies a whole character from its strokes in writing order; it is asked again after
every stroke, so the candidates firm up as the citizen writes.
"""
from __future__ import annotations

import ctypes
import ctypes.util
import threading
from pathlib import Path
from typing import Sequence

from ime.base import Composition, HandwritingMethod, InputError, InputUnavailable, Stroke

MODEL = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model"
MAX_STROKES = 40          # 齉 has 36; more is scribbling
MAX_POINTS = 2000         # per character, after the pad's own thinning
MAX_CANDIDATES = 50


def _library():
    name = ctypes.util.find_library("zinnia") or "libzinnia.so.0"
    try:
        lib = ctypes.CDLL(name)
    except OSError as exc:
        raise InputUnavailable(f"zinnia not installed (Debian libzinnia0): {exc}") from None
    p, size = ctypes.c_void_p, ctypes.c_size_t
    for fn, restype, argtypes in (
            ("zinnia_recognizer_new", p, []), ("zinnia_recognizer_open", ctypes.c_int, [p, ctypes.c_char_p]),
            ("zinnia_recognizer_strerror", ctypes.c_char_p, [p]),
            ("zinnia_recognizer_classify", p, [p, p, size]),
            ("zinnia_character_new", p, []), ("zinnia_character_destroy", None, [p]),
            ("zinnia_character_set_width", None, [p, size]), ("zinnia_character_set_height", None, [p, size]),
            ("zinnia_character_add", ctypes.c_int, [p, size, ctypes.c_int, ctypes.c_int]),
            ("zinnia_result_value", ctypes.c_char_p, [p, size]), ("zinnia_result_size", size, [p]),
            ("zinnia_result_destroy", None, [p])):
        getattr(lib, fn).restype = restype
        getattr(lib, fn).argtypes = argtypes
    return lib


class ZinniaHandwriting(HandwritingMethod):
    """One recogniser with the model mapped once (26 MB); calls are serialised."""

    def __init__(self, model: str = MODEL):
        if not Path(model).exists():
            raise InputUnavailable(f"no handwriting model at {model} (Debian tegaki-zinnia-simplified-chinese)")
        self._lib = _library()
        self._recogniser = self._lib.zinnia_recognizer_new()
        if not self._lib.zinnia_recognizer_open(self._recogniser, model.encode()):
            raise InputUnavailable(f"zinnia cannot open {model}: "
                                   f"{self._lib.zinnia_recognizer_strerror(self._recogniser).decode()}")
        self._lock = threading.Lock()

    def recognise(self, strokes: Sequence[Stroke], width: int, height: int, page: int = 0,
                  page_size: int = 8) -> Composition:
        _check(strokes, width, height, page, page_size)
        if not strokes:
            return Composition(())
        lib, wanted = self._lib, min((page + 1) * page_size + 1, MAX_CANDIDATES + 1)
        with self._lock:
            character = lib.zinnia_character_new()
            try:
                lib.zinnia_character_set_width(character, width)
                lib.zinnia_character_set_height(character, height)
                for index, stroke in enumerate(strokes):
                    for x, y in stroke:
                        lib.zinnia_character_add(character, index, round(x), round(y))
                result = lib.zinnia_recognizer_classify(self._recogniser, character, wanted)
            finally:
                lib.zinnia_character_destroy(character)
            if not result:
                return Composition((), page=page)
            try:
                found = [lib.zinnia_result_value(result, i).decode() for i in range(lib.zinnia_result_size(result))]
            finally:
                lib.zinnia_result_destroy(result)
        start = page * page_size
        return Composition(tuple(found[start:start + page_size]), page=page, more=len(found) > start + page_size)


def _check(strokes, width, height, page, page_size) -> None:
    if not (0 < width <= 10_000 and 0 < height <= 10_000):
        raise InputError("the writing pad's size must be 1–10000 pixels each way")
    if page < 0 or not 1 <= page_size <= 50 or page * page_size >= MAX_CANDIDATES:
        raise InputError(f"page must be ≥ 0, page_size 1–50, and no more than {MAX_CANDIDATES} candidates")
    if len(strokes) > MAX_STROKES:
        raise InputError(f"at most {MAX_STROKES} strokes per character")
    points = 0
    for stroke in strokes:
        if not stroke:
            raise InputError("a stroke has no points")
        for point in stroke:
            if len(point) != 2 or not all(isinstance(v, (int, float)) and 0 <= v <= max(width, height) * 2
                                          for v in point):
                raise InputError("a point is a pair of numbers on the pad")
        points += len(stroke)
    if points > MAX_POINTS:
        raise InputError(f"at most {MAX_POINTS} points per character")
