"""Validity: nothing expired on the submission date (长期 never expires), dates in order, proofs recent."""
from __future__ import annotations

from datetime import timedelta
from typing import Iterator

from ..catalog.schema import Text
from .. import codes
from .context import ReviewContext
from .findings import Finding

EXPIRY_FIELDS = ("valid_until", "end_date", "expiry_date")
# (earlier, later) pairs that must be in this order when both are read on one material.
ORDERED = (("valid_from", "valid_until"), ("start_date", "end_date"), ("birth_date", "valid_from"),
           ("established_date", "valid_until"))
# Events that cannot lie in the future.
PAST_FIELDS = ("birth_date", "registration_date", "established_date", "valid_from")


def check(ctx: ReviewContext) -> Iterator[Finding]:
    card = ctx.facts.card
    if card is not None and card.expired_on(ctx.today) and not ctx.matter.expired_identity_ok:
        yield Finding("validity.card_expired", "validity", "block", Text(
            zh="您的身份证已过有效期，请先办理身份证换领，或使用有效证件。",
            en="Your ID card has expired; renew it first or use a valid document."),
            value_read=card.valid_until.isoformat(), expected=f">= {ctx.today.isoformat()}")
    for spec in ctx.matter.materials:
        yield from _material(ctx, spec)


def _material(ctx: ReviewContext, spec) -> Iterator[Finding]:
    def read(name):
        return ctx.material_field(spec.id, name)

    identity_doc = spec.applicant_identity.id_number is not None or "id_card_back" in spec.doc_types
    for name in EXPIRY_FIELDS:
        got = read(name)
        if got is None or (identity_doc and ctx.matter.expired_identity_ok):
            continue
        field, page = got
        until = codes.parse_iso(field.value)
        if until is not None and until < ctx.today:
            yield Finding("validity.expired", "validity", "block", Text(
                zh=f"“{spec.name.zh}”已于{until.isoformat()}过期，请提供在有效期内的材料。",
                en=f"\"{spec.name.en}\" expired on {until.isoformat()}; provide one that is still valid."),
                material_id=spec.id, page=page, box=field.box, value_read=field.value,
                confidence=field.confidence, expected=f">= {ctx.today.isoformat()}")
    for earlier, later in ORDERED:
        a, b = read(earlier), read(later)
        if a is None or b is None:
            continue
        first, second = codes.parse_iso(a[0].value), codes.parse_iso(b[0].value)
        if first is not None and second is not None and first > second:
            yield Finding("validity.date_order", "validity", "staff", Text(
                zh=f"“{spec.name.zh}”上的日期先后不符，将由工作人员核对。",
                en=f"The dates on \"{spec.name.en}\" are out of order; staff will check them."),
                material_id=spec.id, page=b[1], box=b[0].box, value_read=f"{earlier}={first} {later}={second}",
                confidence=min(a[0].confidence, b[0].confidence), expected=f"{earlier} <= {later}")
    for name in PAST_FIELDS:
        got = read(name)
        day = codes.parse_iso(got[0].value) if got else None
        if day is not None and day > ctx.today:
            yield Finding("validity.future_date", "validity", "staff", Text(
                zh=f"“{spec.name.zh}”上的日期晚于今天，可能识别有误，将由工作人员核对。",
                en=f"A date on \"{spec.name.en}\" lies in the future and may be misread; staff will check it."),
                material_id=spec.id, page=got[1], box=got[0].box, value_read=got[0].value,
                confidence=got[0].confidence, expected=f"<= {ctx.today.isoformat()}")
    if spec.max_age_days is not None and spec.dated_by is not None:
        got = read(spec.dated_by)
        day = codes.parse_iso(got[0].value) if got else None
        oldest = ctx.today - timedelta(days=spec.max_age_days)
        if day is not None and day < oldest:
            yield Finding("validity.too_old", "validity", "block", Text(
                zh=f"“{spec.name.zh}”须为近{spec.max_age_days}天内出具，请提供新近的材料。",
                en=f"\"{spec.name.en}\" must be issued within the last {spec.max_age_days} days; "
                   "provide a recent one."),
                material_id=spec.id, page=got[1], box=got[0].box, value_read=got[0].value,
                confidence=got[0].confidence, expected=f">= {oldest.isoformat()}")
