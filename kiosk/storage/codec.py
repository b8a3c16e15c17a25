"""JSON forms of the typed values devices/ and ocr/ produce, for storage in JSON columns."""
from __future__ import annotations

import dataclasses
from datetime import date

from devices.idcard.base import IdentityCard
from ocr.types import (DocumentReading, Field, Mark, OcrChar, OcrLine, OcrResult, QualityCheck,
                       QualityReport)

_CARD_DATES = ("birth_date", "valid_from", "valid_until")


def card_to_json(card: IdentityCard) -> dict:
    """The chip's data without the photo: the photo is shown at the reader, never stored."""
    data = dataclasses.asdict(card)
    data.pop("photo")
    data.pop("photo_format")
    for key in _CARD_DATES:
        data[key] = data[key].isoformat() if data[key] else None
    return data


def card_from_json(data: dict | None) -> IdentityCard | None:
    if not data:
        return None
    values = dict(data)
    for key in _CARD_DATES:
        values[key] = date.fromisoformat(values[key]) if values.get(key) else None
    return IdentityCard(**values)


def reading_to_json(reading: DocumentReading) -> dict:
    """Everything but the page image, which is stored as a scan of its own."""
    data = dataclasses.asdict(dataclasses.replace(reading, image=None))
    data.pop("image")
    return data


def _box(points):
    return tuple(tuple(p) for p in points) if points else None


def reading_from_json(data: dict | None) -> DocumentReading | None:
    if not data:
        return None
    ocr = data["ocr"]
    lines = tuple(
        OcrLine(text=line["text"], confidence=line["confidence"], box=_box(line["box"]),
                chars=tuple(OcrChar(c["text"], _box(c["box"]), c["confidence"]) for c in line.get("chars", ())))
        for line in ocr["lines"])
    checks = tuple(QualityCheck(**{**c, "box": _box(c.get("box"))}) for c in data["quality"]["checks"])
    return DocumentReading(
        doc_type=data["doc_type"],
        type_confidence=data["type_confidence"],
        fields={k: Field(**{**f, "box": _box(f.get("box"))}) for k, f in data["fields"].items()},
        ocr=OcrResult(lines=lines, width=ocr["width"], height=ocr["height"], engine=ocr["engine"],
                      elapsed_ms=ocr.get("elapsed_ms", 0.0)),
        quality=QualityReport(checks),
        marks=tuple(Mark(m["kind"], _box(m["box"]), m["confidence"]) for m in data.get("marks", ())),
        width=data.get("width", 0),
        height=data.get("height", 0),
        timings=data.get("timings", {}),
    )
