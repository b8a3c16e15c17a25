"""Pairing printed labels with their values using the geometry of the OCR boxes.

OCR returns a label and its value sometimes as one box ("姓名张三"), sometimes as two boxes on
the same row ("姓名" | "张三"), sometimes glued the wrong way ("江苏省苏州市民族" | "汉"). A
:class:`Layout` cuts every line at the labels it contains, gives each cut an approximate box
(characters are assumed evenly spaced inside a line), and answers "what is printed to the right
of label X", following a value onto the next lines when the field may wrap (addresses).
"""
from __future__ import annotations

import math
import statistics
from dataclasses import dataclass

from ocr.extract import fuzzy
from ocr.extract.normalise import unify
from ocr.types import Box, OcrResult

_LABEL_TRIM = " :：;；.,，、\"'“”‘’|｜"


@dataclass(frozen=True)
class Piece:
    """A run of text with an axis-aligned box; ``label`` names the field when it is a label."""

    text: str
    left: float      # left/top/right/bottom: in the page's frame turned level (see Layout)
    top: float
    right: float
    bottom: float
    confidence: float
    line: int
    label: str | None = None
    errors: int = 0
    quad: Box | None = None   # where the piece is on the page as captured

    @property
    def height(self) -> float:
        return max(1.0, self.bottom - self.top)

    @property
    def box(self) -> Box:
        """The piece's box in page coordinates."""
        if self.quad is not None:
            return self.quad
        return ((self.left, self.top), (self.right, self.top), (self.right, self.bottom), (self.left, self.bottom))

    def same_row(self, other: Piece) -> bool:
        overlap = min(self.bottom, other.bottom) - max(self.top, other.top)
        return overlap >= 0.45 * min(self.height, other.height)


@dataclass(frozen=True)
class Value:
    """The text found for one label, where it is, and how much to trust it."""

    text: str
    box: Box
    confidence: float
    pieces: tuple[Piece, ...]


def axis_box(box: Box) -> tuple[float, float, float, float]:
    xs, ys = [p[0] for p in box], [p[1] for p in box]
    return min(xs), min(ys), max(xs), max(ys)


def _union(pieces) -> Box:
    left, top, right, bottom = axis_box(tuple(pt for p in pieces for pt in p.box))
    return ((left, top), (right, top), (right, bottom), (left, bottom))


def text_angle(result: OcrResult) -> float:
    """Median slope (radians) of the top edges of the longer lines: the page's rotation."""
    angles = []
    for line in result.lines:
        (x0, y0), (x1, y1), _, (x3, y3) = line.box
        width, height = math.hypot(x1 - x0, y1 - y0), math.hypot(x3 - x0, y3 - y0)
        if width > 3 * height:
            angles.append(math.atan2(y1 - y0, x1 - x0))
    return statistics.median(angles) if angles else 0.0


def _lerp(p, q, t: float):
    return (p[0] + (q[0] - p[0]) * t, p[1] + (q[1] - p[1]) * t)


def _restore_half_label(text: str, pairs: list[str]) -> str:
    """A letter-spaced two-character label of which OCR kept one character before the value:
    型 有限责任公司 is 类型 and its value, 址天津市… is 住址 and its value. Only a character that
    belongs to one label of the type, set off from the value by a space or the label's second
    character at the start of a line, is completed."""
    head, _, rest = text.strip().partition(" ")
    if len(head) == 1 and rest.strip():
        forms = [f for f in pairs if head in f]
        if len(forms) == 1 and not (head + rest.lstrip()).startswith(forms[0]):   # 住 址 is whole
            return f"{forms[0]}{rest}"
        return text
    # 址天津市…: the label's first character lost, its second glued to the value
    forms = [f for f in pairs if f[1] == text[:1]]
    if len(text) > 2 and len(forms) == 1 and not any(text.startswith(f) for f in pairs):
        return forms[0] + text[1:]
    return text


def _inside_value(text: str, match) -> bool:
    """A two-character label in the middle of a long run of text is a word of a value (民族 in
    湖南省长沙市民族大道53号); glued to a short value after it (性别男民族汉) it is a label."""
    return match.end - match.start == 2 and match.start > 0 and len(text) - match.end > 4


def join_label_fragments(lines: list[tuple[str, float, Box]], forms: list[str]) -> list[tuple[str, float, Box]]:
    """Lines with a label split over two OCR boxes put back together.

    Letter-spaced labels (名　　称, 经 营 者) come back as one box per character or two, side by
    side on one row; two-line labels (户主或与 / 户主关系 in one cell) as two boxes one above the
    other. A box whose text is the start of a label is joined with the box that continues it:
    the next box to its right on its row (more of the label, or its rest and then the value),
    or the box just below it that holds exactly the rest of the label.
    """
    lines = list(lines)
    joined = True
    while joined:
        joined = False
        for i, (text, conf, box) in enumerate(lines):
            rests = {form[len(text):] for form in forms if len(form) > len(text) > 0 and form.startswith(text)}
            if not rests:
                continue
            partner = _completing(i, lines, rests)
            if partner is None:
                continue
            other = lines[partner]
            merged = (text + other[0], min(conf, other[1]), _union_box(box, other[2]))
            lines = [line for k, line in enumerate(lines) if k not in (i, partner)] + [merged]
            joined = True
            break
    # A lone first character of a two-character label with a value beside it: the label's
    # second character was lost (名 ... 和平区闫昕五金店 with 称 unread).
    pairs = [f for f in forms if len(f) == 2]
    for i, (text, conf, box) in enumerate(lines):
        candidates = [f for f in pairs if f[0] == text]
        if len(text) == 1 and len(candidates) == 1 and _completing(i, lines, {""}) is not None:
            lines[i] = (candidates[0], conf, box)
    return sorted(lines, key=lambda line: (axis_box(line[2])[1], axis_box(line[2])[0]))


def _completing(i: int, lines, rests: set[str]) -> int | None:
    left, top, right, bottom = axis_box(lines[i][2])
    height = max(1.0, bottom - top)
    best, best_gap = None, None
    for k, (text, _, box) in enumerate(lines):
        if k == i:
            continue
        l, t, r, b = axis_box(box)
        beside = min(bottom, b) - max(top, t) >= 0.5 * min(height, b - t) and 0 <= l - right < 6 * height \
            and any(text.startswith(rest) or rest.startswith(text) for rest in rests)
        below = text in rests and t > top + 0.5 * height and -0.5 * height <= t - bottom < 0.8 * height \
            and abs(l - left) < 1.5 * height
        if beside or below:
            gap = (l - right) if beside else (t - bottom)
            if best_gap is None or gap < best_gap:
                best, best_gap = k, gap
    return best


def _union_box(a: Box, b: Box) -> Box:
    l0, t0, r0, b0 = axis_box(a)
    l1, t1, r1, b1 = axis_box(b)
    left, top, right, bottom = min(l0, l1), min(t0, t1), max(r0, r1), max(b0, b1)
    return ((left, top), (right, top), (right, bottom), (left, bottom))


class Layout:
    """The pieces of one OCR result cut at the labels of one document type.

    ``labels`` maps a key to the printed forms of its label, e.g. ``{"name": ("姓名",)}``.
    Longer labels are matched first, so 出生地 is not taken for 出生.
    """

    def __init__(self, result: OcrResult, labels: dict[str, tuple[str, ...]]):
        self.result = result
        forms = sorted(((unify(form), key) for key, fs in labels.items() for form in fs), key=lambda f: -len(f[0]))
        # Geometry is compared in the page turned level, so a page captured a few degrees off
        # still has its label and value on one row.
        angle = text_angle(result)
        self._cos, self._sin = math.cos(-angle), math.sin(-angle)
        self.pieces: list[Piece] = []
        # Spaces are dropped: OCR puts them inside labels (出租方 (甲方) :) as often as between words.
        pairs = [form for form, _ in forms if len(form) == 2]
        lines = [("".join(_restore_half_label(unify(line.text), pairs).split()),
                  line.confidence, line.box) for line in result.lines]
        for index, (text, confidence, box) in enumerate(join_label_fragments(lines, [f for f, _ in forms])):
            self.pieces.extend(self._cut(index, text, confidence, box, forms))
        self._demote_repeats_inside_lines()

    def _demote_repeats_inside_lines(self) -> None:
        """A label found again later in the middle of a line is a word of a value there
        (民族 of 民族大道 in the address under the card's 民族 label)."""
        first: dict[str, Piece] = {}
        for p in sorted((p for p in self.pieces if p.label), key=lambda p: (p.top, p.left)):
            if p.label not in first:
                first[p.label] = p
                continue
            starts_line = not any(q.line == p.line and q.left < p.left for q in self.pieces)
            if not starts_line:
                i = self.pieces.index(p)
                self.pieces[i] = Piece(p.text, p.left, p.top, p.right, p.bottom, p.confidence, p.line, None, 0, p.quad)

    def _level(self, point) -> tuple[float, float]:
        x, y = point
        return (x * self._cos - y * self._sin, x * self._sin + y * self._cos)

    def _cut(self, index: int, text: str, confidence: float, box: Box, forms) -> list[Piece]:
        spans: list[tuple[int, int, str, int]] = []
        # Exact matches of every label first, so 父亲姓名 is not taken for 母亲姓名 missing a character.
        for exact in (True, False):
            for form, key in forms:
                start = 0
                while (m := fuzzy.find(text, form, start=start, exact=exact)) is not None:
                    if all(m.end <= s or m.start >= e for s, e, _, _ in spans) and not _inside_value(text, m):
                        spans.append((m.start, m.end, key, m.errors))
                    start = m.end
        spans.sort()
        tl, tr, br, bl = box
        n = max(1, len(text))

        def piece(a: int, b: int, label: str | None = None, errors: int = 0) -> Piece:
            # Characters are taken as evenly spaced along the line. The piece's height is the
            # line's height where the piece starts: under perspective a long line's far end
            # drifts, but its start stays level with its label.
            quad = (_lerp(tl, tr, a / n), _lerp(tl, tr, b / n), _lerp(bl, br, b / n), _lerp(bl, br, a / n))
            start_top, end_top, _, start_bottom = (self._level(p) for p in quad)
            return Piece(text[a:b], start_top[0], start_top[1], end_top[0], start_bottom[1], confidence, index,
                         label, errors, quad)

        out, at = [], 0
        for start, end, key, errors in spans:
            if text[at:start].strip(_LABEL_TRIM):
                out.append(piece(at, start))
            out.append(piece(start, end, key, errors))
            at = end
        if text[at:].strip(_LABEL_TRIM):
            out.append(piece(at, len(text)))
        return out

    def labels(self, key: str) -> list[Piece]:
        """Every place the label ``key`` was found, top to bottom."""
        return sorted((p for p in self.pieces if p.label == key), key=lambda p: (p.top, p.left))

    def value(self, key: str, *, lines: int = 1, occurrence: int = 0, below: bool = False) -> Value | None:
        """The value printed right of label ``key`` (or under it when nothing is to its right
        and ``below``), continued over up to ``lines`` rows for fields that wrap."""
        found = self.labels(key)
        if len(found) <= occurrence:
            return None
        label = found[occurrence]
        row = self._row_right_of(label)
        taken: list[Piece] = []
        for p in row:
            if p.label is not None and p.label != label.label:
                break   # a repeated label inside the value is text (房屋建筑面积 under 面积)
            if taken and p.left - taken[-1].right > 6 * label.height:
                break
            if not taken and p.left - label.right > 12 * label.height:
                break
            taken.append(p)
        if not taken and below:
            under = [p for p in self.pieces if p.label is None and p.top >= label.bottom - 0.3 * label.height
                     and p.top - label.bottom < 1.5 * label.height
                     and abs(p.left - label.left) < 2 * label.height]
            taken = sorted(under, key=lambda p: p.top)[:1]
        if not taken:
            return None
        if lines > 1:
            taken += self._continuation(label, taken, lines - 1)
        text = "".join(p.text for p in taken).strip(_LABEL_TRIM)
        if not text:
            return None
        confidence = min(p.confidence for p in taken) * (0.9 if label.errors else 1.0)
        return Value(text, _union(taken), confidence, tuple(taken))

    def _row_right_of(self, label: Piece) -> list[Piece]:
        """Pieces on the label's row to its right, left to right.

        Two candidates stacked over each other (a wrapped value beside a label centred in a
        tall table cell) are not one row: the upper one is kept, the lower one is the value's
        continuation.
        """
        candidates = sorted((p for p in self.pieces if p is not label and p.same_row(label)
                             and p.left >= label.right - 0.5 * label.height),
                            key=lambda p: p.top)
        chosen: list[Piece] = [p for p in candidates if p.label is not None]   # labels end a value
        values: list[Piece] = []
        for p in candidates:
            if p.label is None and all(p.right <= c.left or p.left >= c.right for c in values):
                values.append(p)
        return sorted(chosen + values, key=lambda p: p.left)

    def _continuation(self, label: Piece, taken: list[Piece], extra: int) -> list[Piece]:
        """Rows under a value that start where it starts and hold no label of its column."""
        first, more = taken[0], []
        last = taken[-1]
        for _ in range(extra):
            below = [p for p in self.pieces if p.top > last.top + 0.5 * last.height
                     and p.top - last.bottom < 0.9 * last.height
                     and abs(p.left - first.left) < 1.5 * first.height]
            if not below:
                break
            nxt = min(below, key=lambda p: p.top)
            if any(p.label is not None and p is not label and p.same_row(nxt)
                   and label.left - 0.5 * label.height <= p.left < nxt.right for p in self.pieces):
                break   # the next row is another field's (a label of another column is not)
            more.append(nxt)
            last = nxt
        return more

    def unlabelled(self) -> list[Piece]:
        """Pieces that are not labels, top to bottom."""
        return sorted((p for p in self.pieces if p.label is None), key=lambda p: (p.top, p.left))
