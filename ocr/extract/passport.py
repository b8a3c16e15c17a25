"""Passport data page: the fields come from the machine-readable zone, whose check digits vouch for them."""
from __future__ import annotations

from ocr.mrz_image import is_mrz_text, mrz_from_result
from ocr.types import Field, OcrResult


def extract(result: OcrResult, page: int = 0) -> dict[str, Field]:
    mrz = mrz_from_result(result)
    if mrz is None:
        return {}
    box = _band_box(result)
    confidence = 0.99 if mrz.valid else 0.4
    note = "" if mrz.valid else "MRZ check digits failed: " + ", ".join(mrz.failed_checks)
    raw = "\n".join(mrz.lines)
    values = {
        "document_number": mrz.document_number, "surname": mrz.surname, "given_names": mrz.given_names,
        "nationality": mrz.nationality, "sex": mrz.sex,
        "birth_date": mrz.birth_date.isoformat() if mrz.birth_date else "",
        "expiry_date": mrz.expiry_date.isoformat() if mrz.expiry_date else "",
    }
    checked = {"document_number": "document_number", "birth_date": "birth_date", "expiry_date": "expiry_date"}
    fields = {}
    for name, value in values.items():
        if not value:
            continue
        valid = mrz.valid or (name in checked and checked[name] not in mrz.failed_checks)
        fields[name] = Field(name, value, confidence if valid else 0.4, raw, box, page, valid, note)
    return fields


def _band_box(result: OcrResult):
    """Union of the boxes of the MRZ lines (the last long lines of the page)."""
    boxes = [line.box for line in result.lines if is_mrz_text(line.text)]
    if not boxes:
        return None
    xs = [p[0] for b in boxes for p in b]
    ys = [p[1] for b in boxes for p in b]
    return ((min(xs), min(ys)), (max(xs), min(ys)), (max(xs), max(ys)), (min(xs), max(ys)))
