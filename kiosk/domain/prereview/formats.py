"""Format: ID numbers (check digit), credit codes (GB 32100), phones and dates are well formed."""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from ..prefill import validate_form
from .. import codes
from ..masking import mask_id
from .context import ReviewContext
from .findings import Finding

# A malformed number read this confidently is on the paper (or badly captured): ask for a recapture.
CONFIDENT = 0.9
DATE_FIELDS = ("birth_date", "valid_from", "valid_until", "start_date", "end_date", "expiry_date",
               "registration_date", "established_date")


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for field_id, message in validate_form(ctx.matter, dict(ctx.facts.form), today=ctx.today).items():
        yield Finding("format.form", "format", "block", message, field=field_id,
                      value_read=_shown(ctx.matter.field(field_id).type, ctx.form_value(field_id)))
    card = ctx.facts.card
    if card is not None and codes.id_number_problem(card.id_number.upper(), ctx.today) and card.card_type == "resident":
        yield Finding("format.card_id_number", "format", "staff", Text(
            zh="身份证芯片中的号码未通过校验，将由工作人员核对。",
            en="The ID number in the card chip fails its check; staff will verify it."),
            value_read=mask_id(card.id_number))
    for ref in ctx.pages:
        for name, field in ref.reading.fields.items():
            value = (field.value or "").strip().upper()
            kind = _kind(name)
            if not value or kind is None or not _malformed(kind, value, ctx):
                continue
            zh, en = _LABELS[kind]
            sure = field.confidence >= CONFIDENT
            spec, number = ref.material, ref.page.page_no
            message = Text(
                zh=f"“{spec.name.zh}”第{number}页上的{zh}格式不正确，请将该页放平、重新拍摄。",
                en=f"The {en} on \"{spec.name.en}\" page {number} is malformed; lay the page flat and capture it again.",
            ) if sure else Text(
                zh=f"“{spec.name.zh}”第{number}页上的{zh}未能准确识别，将由工作人员核对。",
                en=f"The {en} on \"{spec.name.en}\" page {number} was not read reliably; staff will check it.")
            yield Finding(f"format.{kind}", "format", "block" if sure else "staff", message,
                          material_id=spec.id, field=name, page=number, box=field.box,
                          value_read=mask_id(value) if kind == "id_number" else value,
                          confidence=field.confidence)


_LABELS = {"id_number": ("身份证号码", "ID number"), "uscc": ("统一社会信用代码", "unified social credit code"),
           "date": ("日期", "date")}


def _kind(name: str) -> str | None:
    if name == "id_number" or name.endswith("_id_number"):
        return "id_number"
    if name == "uscc":
        return "uscc"
    return "date" if name in DATE_FIELDS else None


def _malformed(kind: str, value: str, ctx: ReviewContext) -> bool:
    if kind == "id_number":
        return codes.id_number_problem(value, ctx.today) is not None
    if kind == "uscc":
        return not codes.uscc_valid(value)
    return value != codes.LONG_TERM and codes.parse_iso(value) is None


def _shown(field_type: str, value: str) -> str:
    return mask_id(value) if field_type == "id_number" else value
