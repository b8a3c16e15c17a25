"""Field extraction: from an OCR result of a known document type to named, normalised fields.

``extract(doc_type, result, page=0)`` returns ``{field name: Field}`` with the names listed in
``ocr.doctypes.FIELDS``; a field that could not be read is absent. Dates are ISO YYYY-MM-DD
(长期 stays "长期"), amounts are yuan, ID numbers and USCCs are check-digit verified
(``Field.valid`` false and the raw text kept when they fail).
"""
from __future__ import annotations

from collections.abc import Callable

from ocr import doctypes
from ocr.extract import civil, hukou, idcard, licence, passport, realestate
from ocr.types import Field, OcrResult

EXTRACTORS: dict[str, Callable[[OcrResult, int], dict[str, Field]]] = {
    doctypes.ID_CARD_FRONT: idcard.front,
    doctypes.ID_CARD_BACK: idcard.back,
    doctypes.HUKOU_INDEX: hukou.index,
    doctypes.HUKOU_MEMBER: hukou.member,
    doctypes.BUSINESS_LICENCE: licence.extract,
    doctypes.MARRIAGE_CERTIFICATE: civil.marriage,
    doctypes.BIRTH_CERTIFICATE: civil.birth,
    doctypes.LEASE_CONTRACT: realestate.lease,
    doctypes.PROPERTY_CERTIFICATE: realestate.property_certificate,
    doctypes.PASSPORT: passport.extract,
}


def extract(doc_type: str, result: OcrResult, page: int = 0) -> dict[str, Field]:
    """The fields of ``doc_type`` found in ``result``; {} for types without fields (cover, photo)."""
    if doc_type not in doctypes.FIELDS:
        raise ValueError(f"unknown document type {doc_type!r}")
    extractor = EXTRACTORS.get(doc_type)
    fields = extractor(result, page) if extractor else {}
    wanted = doctypes.FIELDS[doc_type]
    return {name: fields[name] for name in wanted if name in fields}
