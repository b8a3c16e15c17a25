"""Scores: field exact match, character error rate in reading order, latency percentiles."""
from __future__ import annotations

import statistics
import unicodedata
from collections.abc import Sequence

from ocr.types import OcrResult


def edit_distance(a: str, b: str) -> int:
    """Levenshtein distance, one row at a time (pages are a few hundred characters)."""
    if len(a) < len(b):
        a, b = b, a
    previous = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb)))
        previous = current
    return previous[-1]


def _comparable(text: str) -> str:
    # Width variants (（ vs (), spaces and line breaks are layout, not recognition errors.
    return "".join(unicodedata.normalize("NFKC", text).split())


def reading_order(items: Sequence[tuple[str, tuple[float, float, float, float]]]) -> str:
    """Texts joined row by row (rows by vertical centre, left to right within a row)."""
    if not items:
        return ""
    heights = sorted(max(1.0, b[3] - b[1]) for _, b in items)
    tolerance = 0.5 * heights[len(heights) // 2]
    ordered = sorted(items, key=lambda it: (it[1][1] + it[1][3]) / 2)
    rows: list[list] = []
    for item in ordered:
        centre = (item[1][1] + item[1][3]) / 2
        if rows and abs(centre - rows[-1][0]) <= tolerance:
            rows[-1][1].append(item)
        else:
            rows.append([centre, [item]])
    return "".join(t for _, row in rows for t, _ in sorted(row, key=lambda it: it[1][0]))


def ocr_text(result: OcrResult) -> str:
    items = []
    for line in result.lines:
        xs, ys = [p[0] for p in line.box], [p[1] for p in line.box]
        items.append((line.text, (min(xs), min(ys), max(xs), max(ys))))
    return reading_order(items)


def cer(result: OcrResult, lines: Sequence[str], boxes: Sequence[tuple]) -> float | None:
    """Character error rate of the page text against the printed lines; None without truth."""
    truth = _comparable(reading_order(list(zip(lines, boxes))))
    if not truth:
        return None
    return edit_distance(_comparable(ocr_text(result)), truth) / len(truth)


def substring_distance(needle: str, haystack: str) -> int:
    """Fewest edits turning ``needle`` into some substring of ``haystack`` (free start and end)."""
    previous = [0] * (len(haystack) + 1)          # an empty needle matches anywhere for free
    for i, c in enumerate(needle, 1):
        current = [i]
        for j, h in enumerate(haystack, 1):
            current.append(min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (c != h)))
        previous = current
    return min(previous)


def line_cer(result: OcrResult, lines: Sequence[str]) -> float | None:
    """Character error rate of each printed line found in the page's OCR text, order-free.

    Unlike :func:`cer` it does not count text that is not printed lines (a seal's characters,
    signature strokes read as letters) or a different reading order; it measures how well
    the printed text was recognised.
    """
    truth = [_comparable(t) for t in lines if _comparable(t)]
    if not truth:
        return None
    page = _comparable(ocr_text(result))
    return sum(substring_distance(t, page) for t in truth) / sum(len(t) for t in truth)


def percentile(values: Sequence[float], q: float) -> float:
    if not values:
        return float("nan")
    ordered = sorted(values)
    k = (len(ordered) - 1) * q
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


def median(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
