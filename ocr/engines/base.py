"""The one interface every OCR engine offers, and the lock that keeps inference serial.

Two OCR calls at once on a 2-core kiosk only slow each other down (ocr.md), so an engine runs
one inference at a time; callers in other threads wait on the lock.
"""
from __future__ import annotations

import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence

import numpy as np

from ocr.types import DocumentError, OcrResult


class EngineUnavailable(DocumentError):
    """The engine cannot run here: a library or a model folder is missing."""

    citizen_message = "识别服务暂不可用，请联系工作人员。"


class OcrEngine(ABC):
    """Reads text from a BGR page image.

    ``recognize`` finds and reads every text line; boxes come back in the coordinates of the
    image it was given. ``recognize_lines`` only reads: each crop is one text line already cut
    out (layout-aware fast paths use it to skip detection). Both are safe to call from any
    thread; calls run one at a time.
    """

    name = "engine"

    def __init__(self) -> None:
        self._lock = threading.Lock()

    def recognize(self, image: np.ndarray) -> OcrResult:
        """Detect and read all text lines of ``image`` (BGR, uint8)."""
        _check_image(image)
        with self._lock:
            start = time.perf_counter()
            lines = self._recognize(image)
            elapsed = (time.perf_counter() - start) * 1000
        height, width = image.shape[:2]
        return OcrResult(lines=tuple(lines), width=width, height=height, engine=self.name,
                         elapsed_ms=elapsed)

    def recognize_lines(self, crops: Sequence[np.ndarray]) -> list[tuple[str, float]]:
        """Read single-line crops (BGR); one ``(text, confidence)`` per crop, in order."""
        if not crops:
            return []
        for crop in crops:
            _check_image(crop)
        with self._lock:
            return self._recognize_lines(list(crops))

    @abstractmethod
    def _recognize(self, image: np.ndarray) -> list:
        """Return the page's OcrLines; called under the lock."""

    @abstractmethod
    def _recognize_lines(self, crops: list[np.ndarray]) -> list[tuple[str, float]]:
        """Return one (text, confidence) per crop; called under the lock."""


def _check_image(image: np.ndarray) -> None:
    if not isinstance(image, np.ndarray) or image.ndim != 3 or image.shape[2] != 3 \
            or image.dtype != np.uint8 or min(image.shape[:2]) < 1:
        raise ValueError("OCR engines take a non-empty BGR uint8 image (H×W×3)")
