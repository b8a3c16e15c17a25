"""Seals and signatures on a page: red round official seals and hand-written strokes.

Seals: red ink (HSV mask), blobs whose outline fits an ellipse, with red all along that
ellipse (the seal's ring) but not filled solid, and a size plausible against the page.
Signatures: dark ink strokes that are not printed text: longer than a printed character
is tall, thin for their extent, and not straight rules.
"""
from __future__ import annotations

from dataclasses import dataclass

import cv2
import numpy as np

from ocr.types import Box, Mark

Region = tuple[float, float, float, float]   # x0, y0, x1, y1 in page pixels
WORK_SIDE = 1200


@dataclass(frozen=True)
class MarkSettings:
    min_seal_diameter: float = 0.06   # of the page's short side (a 40 mm seal on A4 is 0.19)
    max_seal_diameter: float = 0.6
    min_seal_axis_ratio: float = 0.55  # round and oval seals; a red text line is far flatter
    min_ring_coverage: float = 0.75   # share of the fitted ellipse with red ink on it
    max_seal_fill: float = 0.45       # ring + star + text is ~0.2; red headings, discs are denser
    min_stroke_extent: float = 1.6    # handwriting spans more than this × printed text height
    max_stroke_fill: float = 0.22     # ink pixels / box area of one connected stroke
    min_signature_ink: float = 2.5    # total stroke length in text heights to count as signed


def red_mask(page: np.ndarray) -> np.ndarray:
    """Red ink (seal red spans hue 0 and 180 in OpenCV's half-degree hue)."""
    hsv = cv2.cvtColor(page, cv2.COLOR_BGR2HSV)
    low = cv2.inRange(hsv, (0, 70, 60), (10, 255, 255))
    high = cv2.inRange(hsv, (160, 70, 60), (180, 255, 255))
    return cv2.bitwise_or(low, high)


def find_seals(page: np.ndarray, settings: MarkSettings | None = None) -> list[Mark]:
    """Red round or oval seals on the page, as Marks with their bounding box."""
    settings = settings or MarkSettings()
    red = red_mask(page)
    short = min(page.shape[:2])
    joined = cv2.morphologyEx(red, cv2.MORPH_CLOSE, cv2.getStructuringElement(
        cv2.MORPH_ELLIPSE, (max(3, short // 150) | 1,) * 2))
    near_red = cv2.dilate(red, cv2.getStructuringElement(cv2.MORPH_ELLIPSE, (max(5, short // 100) | 1,) * 2))
    # Two-level contours: a seal printed inside a red frame (business licences) is still an
    # outer boundary of its own; holes (the inside of a ring) are skipped.
    contours, hierarchy = cv2.findContours(joined, cv2.RETR_CCOMP, cv2.CHAIN_APPROX_NONE)
    seals = []
    for contour, (_, _, _, parent) in zip(contours, hierarchy[0] if hierarchy is not None else ()):
        if parent != -1 or len(contour) < 20:
            continue
        x, y, w, h = cv2.boundingRect(contour)
        if not settings.min_seal_diameter * short <= max(w, h) <= settings.max_seal_diameter * short:
            continue
        # fit to the outline itself: a hull of a rectangle has only its four corners
        (cx, cy), (a1, a2), angle = cv2.fitEllipse(contour)
        if min(a1, a2) / max(a1, a2, 1e-6) < settings.min_seal_axis_ratio:
            continue
        coverage = _ring_coverage(near_red, (cx, cy), (a1, a2), angle)
        ellipse_area = np.pi * a1 * a2 / 4
        fill = np.count_nonzero(red[y:y + h, x:x + w]) / max(ellipse_area, 1.0)
        if coverage < settings.min_ring_coverage or fill > settings.max_seal_fill:
            continue
        confidence = float(np.clip(0.5 + 0.5 * (coverage - settings.min_ring_coverage)
                                   / (1 - settings.min_ring_coverage), 0, 1))
        seals.append(Mark(kind="seal", box=_box(x, y, w, h), confidence=round(confidence, 3)))
    return seals


def _ring_coverage(near_red: np.ndarray, center, axes, angle) -> float:
    # The outer ring of a seal lies on its hull's ellipse, slightly inside it.
    pts = cv2.ellipse2Poly((round(center[0]), round(center[1])),
                           (round(axes[0] / 2 * 0.97), round(axes[1] / 2 * 0.97)),
                           round(angle), 0, 360, 5)
    h, w = near_red.shape
    inside = (pts[:, 0] >= 0) & (pts[:, 0] < w) & (pts[:, 1] >= 0) & (pts[:, 1] < h)
    pts = pts[inside]
    if len(pts) == 0:
        return 0.0
    return float(np.count_nonzero(near_red[pts[:, 1], pts[:, 0]])) / len(inside)


def find_signatures(page: np.ndarray, region: Region | None = None,
                    settings: MarkSettings | None = None, *, text_height: float | None = None) -> list[Mark]:
    """Hand-written strokes within ``region`` (the whole page when None).

    ``text_height`` is the printed text height in pixels; when not given it is estimated from
    the page's own ink (median height of connected components).
    """
    settings = settings or MarkSettings()
    x0, y0, x1, y1 = _clip_region(region, page.shape)
    ink = _dark_ink(page)
    if text_height is None:
        text_height = _printed_text_height(ink)
    ink = _without_rules(ink, text_height)
    area = ink[y0:y1, x0:x1]
    ah, aw = area.shape
    count, labels, stats, _ = cv2.connectedComponentsWithStats(area, connectivity=8)
    strokes = np.zeros_like(area)
    for i in range(1, count):
        x, y, w, h, pixels = stats[i]
        if x <= 1 or y <= 1 or x + w >= aw - 1 or y + h >= ah - 1:
            continue   # touches the page edge: the desk or a shadow beyond the page, not ink on it
        if not _stroke_shaped(w, h, pixels, text_height, settings):
            continue
        component = (labels[y:y + h, x:x + w] == i).astype(np.uint8) * 255
        if _looks_printed(component):
            continue
        strokes[y:y + h, x:x + w] |= component
    if not strokes.any():
        return []
    # Strokes of one signature sit close together: group them.
    grouped = cv2.dilate(strokes, cv2.getStructuringElement(cv2.MORPH_RECT, (round(text_height * 2) | 1,) * 2))
    count, labels, stats, _ = cv2.connectedComponentsWithStats(grouped, connectivity=8)
    marks = []
    for i in range(1, count):
        x, y, w, h, _ = stats[i]
        member = strokes[y:y + h, x:x + w] & ((labels[y:y + h, x:x + w] == i).astype(np.uint8) * 255)
        lengths = _stroke_length(member) / text_height
        if lengths < settings.min_signature_ink:
            continue
        confidence = float(np.clip(lengths / (4 * settings.min_signature_ink), 0.5, 0.99))
        marks.append(Mark(kind="signature", box=_box(x + x0, y + y0, w, h), confidence=round(confidence, 3)))
    return marks


def _stroke_shaped(w: int, h: int, pixels: int, text_height: float, settings: MarkSettings) -> bool:
    """Longer than printed text is tall, and either thin for its extent or a dense scrawl
    drawn out wide and taller than print (printed characters that touch stay print-high)."""
    if max(w, h) < settings.min_stroke_extent * text_height:
        return False
    if min(w, h) < 0.25 * text_height:   # a straight rule or underline, not a stroke
        return False
    fill = pixels / float(w * h)
    if fill <= settings.max_stroke_fill:
        return True
    return fill <= 0.6 and max(w, h) >= 1.8 * min(w, h) and min(w, h) >= 1.5 * text_height


def _looks_printed(component: np.ndarray) -> bool:
    """A large printed character (a title) rather than handwriting: much of its ink lies in
    straight runs a quarter of its size, horizontal ones among them (CJK print has level
    strokes; a hand's zigzag or loops do not)."""
    run = max(5, round(max(component.shape) / 4))
    level = cv2.morphologyEx(component, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (run, 1)))
    upright = cv2.morphologyEx(component, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, run)))
    ink = max(1, np.count_nonzero(component))
    return np.count_nonzero(level) / ink >= 0.12 and np.count_nonzero(level | upright) / ink > 0.4


def _without_rules(ink: np.ndarray, text_height: float) -> np.ndarray:
    """The ink with long straight horizontal and vertical lines (table grids, underlines,
    frames) taken out; what remains of a signature crossing a line stays."""
    span = max(15, round(text_height * 3))
    rules = cv2.bitwise_or(
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (span, 1))),
        cv2.morphologyEx(ink, cv2.MORPH_OPEN, cv2.getStructuringElement(cv2.MORPH_RECT, (1, span))))
    return cv2.subtract(ink, cv2.dilate(rules, np.ones((3, 3), np.uint8)))


def _stroke_length(strokes: np.ndarray) -> float:
    # ink area divided by pen width; the width is twice the typical distance to the stroke edge
    distance = cv2.distanceTransform(strokes, cv2.DIST_L2, 3)
    width = 2 * float(np.percentile(distance[strokes > 0], 90))
    return np.count_nonzero(strokes) / max(width, 1.0)


def _dark_ink(page: np.ndarray) -> np.ndarray:
    gray = cv2.cvtColor(page, cv2.COLOR_BGR2GRAY)
    k = max(15, min(gray.shape) // 30) | 1
    blackhat = cv2.morphologyEx(gray, cv2.MORPH_BLACKHAT, cv2.getStructuringElement(cv2.MORPH_RECT, (k, k)))
    ink = ((blackhat > 60) & (red_mask(page) == 0)).astype(np.uint8) * 255
    return ink


def _printed_text_height(ink: np.ndarray) -> float:
    count, _, stats, _ = cv2.connectedComponentsWithStats(ink, connectivity=8)
    heights = stats[1:count, cv2.CC_STAT_HEIGHT]
    heights = heights[heights >= 4]
    # CJK characters break into several components; their upper quartile is close to the
    # character height, where the median would be a radical's.
    return float(np.percentile(heights, 75)) if len(heights) else 20.0


def find_marks(page: np.ndarray, *, signature_region: Region | None = None,
               settings: MarkSettings | None = None) -> tuple[Mark, ...]:
    """Seals anywhere on the page and signatures within ``signature_region`` (or anywhere).

    Works on a copy at most WORK_SIDE px long (seals and signatures are large; an A4 page
    at 150 dpi costs half as much) and gives boxes in ``page`` pixels.
    """
    k = min(1.0, WORK_SIDE / max(page.shape[:2]))
    if k == 1.0:
        return tuple(find_seals(page, settings)) + tuple(find_signatures(page, signature_region, settings))
    small = cv2.resize(page, None, fx=k, fy=k, interpolation=cv2.INTER_AREA)
    region = None if signature_region is None else tuple(v * k for v in signature_region)
    found = find_seals(small, settings) + find_signatures(small, region, settings)
    return tuple(Mark(m.kind, tuple((x / k, y / k) for x, y in m.box), m.confidence) for m in found)


def has_mark(marks, kind: str, region: Region | None = None, *, min_confidence: float = 0.5) -> bool:
    """Whether ``marks`` hold a ``kind`` ("seal" | "signature") mark overlapping ``region``."""
    for mark in marks:
        if mark.kind != kind or mark.confidence < min_confidence:
            continue
        if region is None or _overlaps(mark.box, region):
            return True
    return False


def is_sealed(page: np.ndarray, region: Region | None = None) -> bool:
    """Whether the page carries a red official seal (within ``region`` when given)."""
    return has_mark(find_seals(page), "seal", region)


def is_signed(page: np.ndarray, region: Region | None = None) -> bool:
    """Whether there is handwriting within ``region`` (anywhere when None)."""
    return has_mark(find_signatures(page, region), "signature")


def _overlaps(box: Box, region: Region) -> bool:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs) < region[2] and max(xs) > region[0] and min(ys) < region[3] and max(ys) > region[1]


def _clip_region(region: Region | None, shape) -> tuple[int, int, int, int]:
    h, w = shape[:2]
    if region is None:
        return 0, 0, w, h
    x0, y0, x1, y1 = (round(v) for v in region)
    return max(0, x0), max(0, y0), min(w, x1), min(h, y1)


def _box(x, y, w, h) -> Box:
    return ((float(x), float(y)), (float(x + w), float(y)), (float(x + w), float(y + h)), (float(x), float(y + h)))
