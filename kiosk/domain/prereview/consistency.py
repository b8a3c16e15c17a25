"""Consistency: the form agrees with the chip and with the materials it was prefilled from.

Who is named on each material is checked in ``people``.
"""
from __future__ import annotations

from typing import Iterator

from devices.idcard.base import PASSPORT
from ocr import doctypes

from ..catalog.schema import Text
from ..masking import mask_id
from ..compare import comparator, same_id_number, same_name
from .context import ReviewContext
from .findings import Finding

_WHAT = {"name": ("姓名", "name"), "id_number": ("身份证号码", "ID number")}


def check(ctx: ReviewContext) -> Iterator[Finding]:
    applicant = ctx.applicant
    if not applicant.from_chip and ctx.facts.agent is None:     # an agent's case says so itself
        yield Finding("consistency.no_chip", "consistency", "staff", Text(
            zh="未读取身份证芯片，身份信息由工作人员核对；如带有身份证，请放在读卡区。",
            en="The ID card chip was not read, so staff will verify your identity; "
               "if you have your ID card, place it on the reader."))
    card = ctx.facts.card
    if card is not None and card.card_type == PASSPORT and any(
            doctypes.ID_CARD_FRONT in spec.doc_types and spec.applicant_identity.name for spec in ctx.matter.materials):
        yield Finding("consistency.resident_card_needed", "consistency", "block", Text(
            zh=f"“{ctx.matter.name.zh}”须使用居民身份证办理，护照不能代替；请放置居民身份证，或咨询工作人员。",
            en=f"\"{ctx.matter.name.en}\" needs a resident ID card; a passport cannot stand in for it. "
               "Place a resident ID card, or ask staff."), value_read=card.card_type, expected="resident")
    expected = {"name": applicant.name, "id_number": applicant.id_number}
    for f in ctx.matter.fields:
        what = {"card.name": "name", "card.id_number": "id_number"}.get(f.prefill or "")
        value = ctx.form_value(f.id)
        same = same_name if what == "name" else same_id_number
        if what and value and expected[what] and not same(value, expected[what]):
            zh, en = _WHAT[what]
            yield Finding(f"consistency.{what}", "consistency", "block", Text(
                zh=f"表单中“{f.label.zh}”与身份证上的{zh}不一致，请改正。",
                en=f"\"{f.label.en}\" on the form differs from the {en} on your ID card; please correct it."),
                value_read=_shown(what, value), confidence=1.0, expected=_shown(what, expected[what]))


def form_against_materials(ctx: ReviewContext) -> Iterator[Finding]:
    """A form value prefilled from a material and then changed: staff compare the two.

    Compared as their kind is (kiosk.domain.compare): adding detail to an address is not a change
    (the flat number after the lease's street address), nor is a name OCR read split in two.
    """
    for f in ctx.matter.fields:
        if not (f.prefill or "").startswith("material."):
            continue
        material_id, _, name = f.prefill[len("material."):].partition(".")
        typed, got = ctx.form_value(f.id), ctx.material_field(material_id, name)
        if not typed or got is None:
            continue
        field, page = got
        if comparator(f.type, f.prefill)(typed, field.value):
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
