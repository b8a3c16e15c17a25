"""Consistency: the applicant's name and ID number agree across chip, form and every material."""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from ..masking import mask_id
from .confusables import explained_by_confusables, normalise
from .context import ReviewContext
from .findings import Finding

# A look-alike difference read at or above this confidence is a real difference, not an OCR slip.
CONFIDENT = 0.9

_WHAT = {"name": ("姓名", "name"), "id_number": ("身份证号码", "ID number")}


def check(ctx: ReviewContext) -> Iterator[Finding]:
    applicant = ctx.applicant
    if not applicant.from_chip:
        yield Finding("consistency.no_chip", "consistency", "staff", Text(
            zh="未读取身份证芯片，身份信息由工作人员核对；如带有身份证，请放在读卡区。",
            en="The ID card chip was not read, so staff will verify your identity; "
               "if you have your ID card, place it on the reader."))
    expected = {"name": applicant.name, "id_number": applicant.id_number}
    for f in ctx.matter.fields:
        what = {"card.name": "name", "card.id_number": "id_number"}.get(f.prefill or "")
        value = ctx.form_value(f.id)
        if what and value and expected[what] and normalise(value) != normalise(expected[what]):
            zh, en = _WHAT[what]
            yield Finding(f"consistency.{what}", "consistency", "block", Text(
                zh=f"表单中“{f.label.zh}”与身份证上的{zh}不一致，请改正。",
                en=f"\"{f.label.en}\" on the form differs from the {en} on your ID card; please correct it."),
                value_read=_shown(what, value), confidence=1.0, expected=_shown(what, expected[what]))
    for ref in ctx.pages:
        identity = ref.material.applicant_identity
        for what, field_name in (("name", identity.name), ("id_number", identity.id_number)):
            field = ref.reading.fields.get(field_name) if field_name else None
            if field is None or not field.value or not expected[what]:
                continue
            if normalise(field.value) == normalise(expected[what]):
                continue
            zh, en = _WHAT[what]
            spec, number = ref.material, ref.page.page_no
            look_alike = explained_by_confusables(field.value, expected[what]) and field.confidence < CONFIDENT
            message = Text(
                zh=f"“{spec.name.zh}”第{number}页上的{zh}可能识别有误，将由工作人员核对。",
                en=f"The {en} on \"{spec.name.en}\" page {number} may be misread; staff will check it.",
            ) if look_alike else Text(
                zh=f"“{spec.name.zh}”上的{zh}与申请人不一致，请确认放入的是本人的材料。",
                en=f"The {en} on \"{spec.name.en}\" does not match the applicant; "
                   "make sure the document is your own.")
            yield Finding(f"consistency.{what}", "consistency", "staff" if look_alike else "block", message,
                          material_id=spec.id, page=number, box=field.box,
                          value_read=_shown(what, field.value), confidence=field.confidence,
                          expected=_shown(what, expected[what]))


def form_against_materials(ctx: ReviewContext) -> Iterator[Finding]:
    """A form value prefilled from a material and then changed: staff compare the two.

    Adding detail is not a change (the flat number after the lease's street address), so a value
    that contains the other, or is contained in it, passes.
    """
    for f in ctx.matter.fields:
        if not (f.prefill or "").startswith("material."):
            continue
        material_id, _, name = f.prefill[len("material."):].partition(".")
        typed, got = ctx.form_value(f.id), ctx.material_field(material_id, name)
        if not typed or got is None:
            continue
        field, page = got
        a, b = normalise(typed), normalise(field.value)
        if a in b or b in a:
            continue
        spec = ctx.matter.material(material_id)
        yield Finding("consistency.form_field", "consistency", "staff", Text(
            zh=f"表单中“{f.label.zh}”与“{spec.name.zh}”上的内容不一致，将由工作人员核对；如填写有误，请返回修改。",
            en=f"\"{f.label.en}\" on the form differs from \"{spec.name.en}\"; staff will compare them. "
               "If you made a mistake, go back and correct it."),
            material_id=material_id, field=f.id, page=page, box=field.box,
            value_read=_shown(f.type, field.value), confidence=field.confidence, expected=_shown(f.type, typed))


def _shown(what: str, value: str) -> str:
    """Findings are stored and shown to staff: ID numbers only masked."""
    return mask_id(value) if what == "id_number" else value
