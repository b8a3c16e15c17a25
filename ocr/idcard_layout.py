"""Fast reading of a rectified ID card: find its text lines by pixels, recognise only those.

Once a card is rectified to 856 × 540 px its text sits in short, well-separated lines on a
pale background, so a morphological line finder (ocr.imaging.text_line_boxes) replaces the
detection network, the slower half of a full read (ocr.speed measures both). The result is
an ordinary OcrResult; the pipeline falls back to full detection when its confidence is low
or extraction finds the card's fields incomplete.
"""
from __future__ import annotations

import time

import numpy as np

from ocr import imaging
from ocr.types import OcrLine, OcrResult

# Printed card text is 26–36 px tall at 10 px/mm; characters within a field are at most
# ~0.7 of that apart, labels stand ≥ 40 px from their values (GB/T 11643 card layout).
LINE_HEIGHT = (14, 64)
CHARACTER_GAP = 24
MIN_LINE_CONFIDENCE = 0.5


def read_card(card: np.ndarray, engine) -> OcrResult:
    """Read a rectified card image (ID_CARD_PX) with recognition only.

    Lines come back in reading order with boxes in card pixels; lines the recogniser is
    unsure of (< MIN_LINE_CONFIDENCE: portrait hair, emblem strokes) are dropped.
    """
    start = time.perf_counter()
    boxes = imaging.text_line_boxes(card, min_height=LINE_HEIGHT[0], max_height=LINE_HEIGHT[1],
                                    join=CHARACTER_GAP, min_aspect=0.6)
    boxes = _reading_order(boxes)
    read = engine.recognize_lines([imaging.crop_box(card, box, 0.2) for box in boxes])
    lines = tuple(
        OcrLine(text=text, confidence=conf, box=_corners(box))
        for box, (text, conf) in zip(boxes, read) if text.strip() and conf >= MIN_LINE_CONFIDENCE)
    h, w = card.shape[:2]
    return OcrResult(lines=lines, width=w, height=h, engine=f"{engine.name}+card-layout",
                     elapsed_ms=(time.perf_counter() - start) * 1000)


def mean_confidence(result: OcrResult) -> float:
    """Character-weighted mean confidence of a result (0 when empty)."""
    weights = [max(1, len(line.text)) for line in result.lines]
    if not weights:
        return 0.0
    return float(np.average([line.confidence for line in result.lines], weights=weights))


def _reading_order(boxes):
    # Rows first (a box belongs to the row whose centre line it crosses), then left to right.
    rows: list[list] = []
    for box in sorted(boxes, key=lambda b: b[1] + b[3] / 2):
        centre = box[1] + box[3] / 2
        if rows and abs(centre - np.mean([b[1] + b[3] / 2 for b in rows[-1]])) < box[3] / 2:
            rows[-1].append(box)
        else:
            rows.append([box])
    return [box for row in rows for box in sorted(row, key=lambda b: b[0])]


def _corners(box):
    x, y, w, h = box
    return ((float(x), float(y)), (float(x + w), float(y)), (float(x + w), float(y + h)), (float(x), float(y + h)))
