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


JPEG = b"\xff\xd8\xff\xe0stored-bytes"


def prereviewed_case(svc, card, visit_id: str | None = None) -> int:
    """A social security card renewal read, pre-reviewed and ready to submit (it will wait for
    the old card, an original, to be handed in); begun by the visit ``visit_id`` if given."""
    app_id = svc.start("social_card_replacement", visit_id=visit_id)
    svc.identify(app_id, card)
    assert svc.save_form(app_id, {"phone": "13812345678", "reason": "damaged"}) == {}
    read_materials(svc, app_id, card)
    svc.prereview(app_id)
    return app_id


def read_materials(svc, app_id: int, card) -> None:
    """The renewal's pages captured and read, as the OCR worker leaves them."""
    valid_until = card.valid_until.isoformat() if card.valid_until else "长期"
    pages = [("id_card", 1, reading("id_card_front", {"name": card.name, "id_number": card.id_number,
                                                       "birth_date": card.birth_date.isoformat(),
                                                       "address": card.address})),
             ("id_card", 2, reading("id_card_back", {"issuing_authority": card.issuing_authority,
                                                      "valid_from": card.valid_from.isoformat(),
                                                      "valid_until": valid_until})),
             ("photo", 1, reading("photo_1inch")),
             ("old_card", 1, reading("unknown"))]
    for material, page_no, result in pages:
        svc.record_reading(svc.add_page(app_id, material, page_no, JPEG), result)
