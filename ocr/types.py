"""Typed values that flow out of ocr/: what was read, where, and how sure.

Boxes are four (x, y) points in page pixel coordinates, clockwise from top-left, so a box can
be drawn on the stored page image. ocr/ knows nothing of Flask or of the kiosk's domain.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

Point = tuple[float, float]
Box = tuple[Point, Point, Point, Point]


class DocumentError(Exception):
    """An image that cannot be processed; ``citizen_message`` says what to do about it."""

    citizen_message = "无法识别该图片，请重新拍摄。"

    def __init__(self, detail: str, *, citizen_message: str | None = None):
        super().__init__(detail)
        if citizen_message:
            self.citizen_message = citizen_message


class UnreadableImage(DocumentError):
    """Corrupt, truncated, empty, not an image, or too large to decode safely."""


@dataclass(frozen=True)
class OcrChar:
    text: str
    box: Box
    confidence: float


@dataclass(frozen=True)
class OcrLine:
    text: str
    confidence: float
    box: Box
    chars: tuple[OcrChar, ...] = ()


@dataclass(frozen=True)
class OcrResult:
    lines: tuple[OcrLine, ...]
    width: int
    height: int
    engine: str
    elapsed_ms: float = 0.0

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


@dataclass(frozen=True)
class QualityCheck:
    """One capture-quality measure with its threshold and what the citizen should do."""

    code: str            # sharpness | glare | exposure | in_frame | resolution | stability
    ok: bool
    value: float
    threshold: float
    instruction: str     # plain zh-CN instruction when not ok, "" when ok
    instruction_en: str = ""
    box: Box | None = None  # where the problem is (glare spot, cut-off edge), when known
    where: str = ""         # the field the problem lies on (ocr.doctypes field name), when known


@dataclass(frozen=True)
class QualityReport:
    checks: tuple[QualityCheck, ...]

    @property
    def ok(self) -> bool:
        return all(c.ok for c in self.checks)

    def failed(self) -> tuple[QualityCheck, ...]:
        return tuple(c for c in self.checks if not c.ok)


@dataclass(frozen=True)
class Field:
    """One extracted field: normalised value, the raw text it came from, and where."""

    name: str
    value: str
    confidence: float
    raw: str = ""
    box: Box | None = None
    page: int = 0
    valid: bool = True
    note: str = ""   # e.g. "check digit repaired O->0"


@dataclass(frozen=True)
class Mark:
    """A seal or a signature found on a page."""

    kind: str        # seal | signature
    box: Box
    confidence: float


@dataclass(frozen=True)
class DocumentReading:
    """Everything ocr/ learned from one page image."""

    doc_type: str                  # see ocr.doctypes
    type_confidence: float
    fields: dict[str, Field]
    ocr: OcrResult
    quality: QualityReport
    marks: tuple[Mark, ...] = ()
    width: int = 0
    height: int = 0
    timings: dict[str, float] = field(default_factory=dict)   # stage name -> milliseconds
    # The upright, rectified page (BGR ndarray) that width, height and every box refer to;
    # the kiosk stores this image with the reading.
    image: Any = field(default=None, compare=False, repr=False)
