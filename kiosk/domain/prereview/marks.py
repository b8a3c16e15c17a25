"""Marks: a seal or a signature on materials that need one, from the marks ocr/ found on the pages."""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding

# Seal detection on a red, round stamp is reliable above this; below it a person looks.
CONFIDENT = 0.6
_NAMES = {"seal": ("公章", "official seal", "加盖公章"), "signature": ("签名", "signature", "本人签名")}


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for spec in ctx.matter.materials:
        pages = [ref for ref in ctx.pages if ref.material.id == spec.id]
        if not pages:
            continue
        for kind, needed in (("seal", spec.needs_seal), ("signature", spec.needs_signature)):
            if not needed:
                continue
            marks = [(m, ref.page.page_no) for ref in pages for m in ref.reading.marks if m.kind == kind]
            zh, en, act = _NAMES[kind]
            if not marks:
                yield Finding(f"marks.{kind}_missing", "marks", "block", Text(
                    zh=f"“{spec.name.zh}”上未找到{zh}，请提供{act}的材料，或翻到有{zh}的页面拍摄。",
                    en=f"No {en} was found on \"{spec.name.en}\"; provide a copy bearing it, "
                       f"or capture the page where it is."),
                    material_id=spec.id, expected=kind)
                continue
            best, page = max(marks, key=lambda item: item[0].confidence)
            if best.confidence < CONFIDENT:
                yield Finding(f"marks.{kind}_uncertain", "marks", "staff", Text(
                    zh=f"“{spec.name.zh}”上的{zh}不够清晰，将由工作人员核对。",
                    en=f"The {en} on \"{spec.name.en}\" is unclear; staff will check it."),
                    material_id=spec.id, page=page, box=best.box, confidence=best.confidence, expected=kind)
