"""OCR engines behind one interface, picked by name.

``load_engine("rapidocr")`` is the default (PP-OCRv6 small via rapidocr + onnxruntime);
"paddleocr" runs PaddleOCR 3.x with local model folders; "tesseract" is the benchmark's
peer. One instance per name and options per process: a loaded engine holds about 1 GiB
and loading takes seconds, so it is built once and shared.
"""
from __future__ import annotations

import importlib
import threading

from ocr.engines.base import EngineUnavailable, OcrEngine

# name -> "module:Class"; modules are imported on first use so a missing optional library
# (paddleocr, pytesseract) only matters to whoever asks for that engine.
ENGINES = {
    "rapidocr": "ocr.engines.rapid:RapidOcrEngine",
    "paddleocr": "ocr.engines.paddle:PaddleOcrEngine",
    "tesseract": "ocr.engines.tesseract:TesseractEngine",
}

_cache: dict[tuple, OcrEngine] = {}
_cache_lock = threading.Lock()


def engine_class(name: str) -> type[OcrEngine]:
    """The engine class registered under ``name``; ValueError for an unknown name."""
    try:
        module, cls = ENGINES[name].split(":")
    except KeyError:
        raise ValueError(f"unknown OCR engine {name!r}; known: {', '.join(sorted(ENGINES))}") from None
    return getattr(importlib.import_module(module), cls)


def load_engine(name: str = "rapidocr", **options) -> OcrEngine:
    """The process-wide engine for ``name`` and ``options``, built on first call."""
    key = (name, tuple(sorted((k, repr(v)) for k, v in options.items())))
    with _cache_lock:
        engine = _cache.get(key)
        if engine is None:
            engine = _cache[key] = engine_class(name)(**options)
        return engine


__all__ = ["ENGINES", "EngineUnavailable", "OcrEngine", "engine_class", "load_engine"]
