"""Factories for the kiosk's tests: typed OCR readings as the pipeline would give them."""
from __future__ import annotations

from ocr.types import DocumentReading, Field, Mark, OcrLine, OcrResult, QualityCheck, QualityReport

BOX = ((10.0, 10.0), (200.0, 10.0), (200.0, 40.0), (10.0, 40.0))


def reading(doc_type: str, fields: dict[str, str] | None = None, *, marks: tuple[str, ...] = (),
            confidence: float = 0.98, width: int = 1000, height: int = 700) -> DocumentReading:
    fields = fields or {}
    lines = tuple(OcrLine(text=v, confidence=confidence, box=BOX) for v in fields.values())
    return DocumentReading(
        doc_type=doc_type, type_confidence=0.99,
        fields={k: Field(name=k, value=v, confidence=confidence, raw=v, box=BOX) for k, v in fields.items()},
        ocr=OcrResult(lines=lines, width=width, height=height, engine="test"),
        quality=QualityReport((QualityCheck("sharpness", True, 300.0, 100.0, ""),)),
        marks=tuple(Mark(kind, BOX, 0.95) for kind in marks), width=width, height=height)
