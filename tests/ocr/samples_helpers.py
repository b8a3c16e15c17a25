"""Shared builders for OCR tests: hand-made OcrResults, and the sample documents on disk."""
from __future__ import annotations

import json
from pathlib import Path

import cv2
import numpy as np

from ocr.engines import load_engine
from ocr.types import OcrLine, OcrResult

SAMPLES = Path(__file__).resolve().parents[1] / "samples"
CHAR = 30   # width of one CJK character at the sizes used below


def line(text: str, x: float, y: float, *, width: float | None = None, height: float = 32,
         confidence: float = 0.99) -> OcrLine:
    """A recognised line at (x, y); its width follows the text unless given."""
    w = width if width is not None else CHAR * sum(1 if ord(c) > 127 else 0.55 for c in text)
    box = ((x, y), (x + w, y), (x + w, y + height), (x, y + height))
    return OcrLine(text=text, confidence=confidence, box=box)


def result(*lines: OcrLine, width: int = 1000, height: int = 700) -> OcrResult:
    return OcrResult(lines=tuple(lines), width=width, height=height, engine="test")


def sample_cases() -> list[tuple[str, Path, dict[str, str]]]:
    """(doc_type, image path, expected fields) for every sample in tests/samples."""
    cases = []
    for expected in sorted(SAMPLES.glob("*/*.json")):
        images = [p for p in expected.parent.glob(expected.stem + ".*") if p.suffix in (".png", ".jpg")]
        if images:
            cases.append((expected.parent.name, images[0], json.loads(expected.read_text("utf-8"))["fields"]))
    return cases


def load_image(path: Path) -> np.ndarray:
    image = cv2.imread(str(path), cv2.IMREAD_COLOR)
    assert image is not None, path
    return image


def engine():
    """The default OCR engine; load_engine keeps one per process (about 1 s and 1 GiB to build)."""
    return load_engine("rapidocr")
