"""Completeness: every required material is there with each of its pages, or legitimately 容缺/告知承诺."""
from __future__ import annotations

from typing import Iterator

from ..catalog import logic
from ..catalog.schema import MaterialSpec, Text
from .context import ReviewContext
from .findings import Finding


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for spec in ctx.matter.materials:
        captured = ctx.facts.materials.get(spec.id)
        if captured is not None and (captured.deferred or captured.committed):
            continue
        if captured is None or not captured.pages:
            if required(ctx, spec):
                yield Finding("completeness.missing_material", "completeness", "block", Text(
                    zh=f"缺少材料“{spec.name.zh}”，请放入材料拍摄" + _offer_zh(spec) + "。",
                    en=f"The material \"{spec.name.en}\" is missing; please place it under the camera"
                       + _offer_en(spec) + "."), material_id=spec.id, expected=spec.name.zh)
            continue
        have = {p.page_no for p in captured.pages}
        for number, label in enumerate(spec.pages, start=1):
            if number not in have:
                yield Finding("completeness.missing_page", "completeness", "block", Text(
                    zh=f"“{spec.name.zh}”缺少第{number}页（{label.zh}），请翻到该页拍摄。",
                    en=f"Page {number} ({label.en}) of \"{spec.name.en}\" is missing; turn to it and capture it."),
                    material_id=spec.id, page=number, expected=label.zh)
        for page in captured.pages:
            if page.reading is None:
                failed = bool(page.error)
                yield Finding(
                    "completeness.unreadable_page" if failed else "completeness.unread_page", "completeness",
                    "block" if failed else "staff",
                    Text(zh=f"“{spec.name.zh}”第{page.page_no}页无法识别，请重新拍摄。",
                         en=f"Page {page.page_no} of \"{spec.name.en}\" could not be read; capture it again.")
                    if failed else
                    Text(zh=f"“{spec.name.zh}”第{page.page_no}页尚未识别，将由工作人员核对。",
                         en=f"Page {page.page_no} of \"{spec.name.en}\" was not read yet; staff will check it."),
                    material_id=spec.id, page=page.page_no, value_read=page.error or None)


def required(ctx: ReviewContext, spec: MaterialSpec) -> bool:
    """Whether the material is asked of this applicant (a condition that cannot be judged asks for it)."""
    if not spec.required or spec.required_when is None:
        return spec.required
    try:
        return bool(logic.evaluate(spec.required_when, ctx.data))
    except (ArithmeticError, TypeError, ValueError, KeyError, AttributeError):
        return True


def _offer_zh(spec) -> str:
    if spec.replaceable:
        return "，或签署告知承诺书代替"
    if spec.deferrable:
        return "，或申请容缺受理、承诺限期补交"
    return ""


def _offer_en(spec) -> str:
    if spec.replaceable:
        return ", or sign a written commitment instead"
    if spec.deferrable:
        return ", or ask for acceptance now and supply it by the deadline"
    return ""
