"""Marks: the seals and signatures a document carries by its type, and those the matter asks for.

A business licence, a birth or marriage certificate and a property certificate bear the issuing
authority's seal; a lease is signed. A matter may ask for more (``needs_seal``: an employer's
sealed copy) or waive one (``marks_waived``), found by the marks ocr/ reports on the pages.
"""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding

# Seal detection on a red, round stamp is reliable above this; below it a person looks.
CONFIDENT = 0.6
BY_TYPE = {
    doctypes.BUSINESS_LICENCE: {"seal"}, doctypes.BIRTH_CERTIFICATE: {"seal"},
    doctypes.MARRIAGE_CERTIFICATE: {"seal"}, doctypes.PROPERTY_CERTIFICATE: {"seal"},
    doctypes.LEASE_CONTRACT: {"signature"},
}
# Documents nobody signs: a matter's "signed" applies to the other types it accepts.
NEVER_SIGNED = frozenset({doctypes.PROPERTY_CERTIFICATE, doctypes.BUSINESS_LICENCE, doctypes.ID_CARD_FRONT,
                          doctypes.ID_CARD_BACK, doctypes.PHOTO_1INCH, doctypes.HUKOU_COVER,
                          doctypes.HUKOU_INDEX, doctypes.HUKOU_MEMBER, doctypes.PASSPORT})
_NAMES = {"seal": ("公章", "official seal", "加盖公章"), "signature": ("签名", "signature", "本人签名")}


def needed(spec, doc_type: str) -> set[str]:
    kinds = set(BY_TYPE.get(doc_type, ()))
    if spec.needs_seal:
        kinds.add("seal")
    if spec.needs_signature and doc_type not in NEVER_SIGNED:
        kinds.add("signature")
    return kinds - set(spec.marks_waived)


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for spec in ctx.matter.materials:
        pages = [ref for ref in ctx.pages if ref.material.id == spec.id]
        for kind in ("seal", "signature"):
            wanting = [ref for ref in pages if kind in needed(spec, ref.reading.doc_type)]
            if not wanting:
                continue
            marks = [(m, ref.page.page_no) for ref in pages for m in ref.reading.marks if m.kind == kind]
            zh, en, act = _NAMES[kind]
            if not marks:
                yield Finding(f"marks.{kind}_missing", "marks", "block", Text(
                    zh=f"“{spec.name.zh}”上未找到{zh}，请提供{act}的材料，或翻到有{zh}的页面拍摄。",
                    en=f"No {en} was found on \"{spec.name.en}\"; provide a copy bearing it, "
                       f"or capture the page where it is."),
                    material_id=spec.id, page=wanting[0].page.page_no if len(pages) > 1 else None, expected=kind)
                continue
            best, page = max(marks, key=lambda item: item[0].confidence)
            if best.confidence < CONFIDENT:
                yield Finding(f"marks.{kind}_uncertain", "marks", "staff", Text(
                    zh=f"“{spec.name.zh}”上的{zh}不够清晰，将由工作人员核对。",
                    en=f"The {en} on \"{spec.name.en}\" is unclear; staff will check it."),
                    material_id=spec.id, page=page, box=best.box, confidence=best.confidence, expected=kind)
