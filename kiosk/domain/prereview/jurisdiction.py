"""Jurisdiction: the matter is served at this hall, and the applicant belongs to its area."""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding
from .regions import address_in

# Documents whose address is the registered household (户籍) address.
HOUSEHOLD_DOCS = (doctypes.ID_CARD_FRONT, doctypes.HUKOU_INDEX, doctypes.HUKOU_MEMBER)


def check(ctx: ReviewContext) -> Iterator[Finding]:
    matter, prefixes = ctx.matter, ctx.matter.jurisdiction
    region = ctx.facts.kiosk_region
    if region and not region.startswith(prefixes):
        yield Finding("jurisdiction.hall", "jurisdiction", "block", Text(
            zh=f"本服务点不受理“{matter.name.zh}”，请到受理地办理。",
            en=f"\"{matter.name.en}\" is not handled at this service point; please apply where it is handled."),
            value_read=region, expected=", ".join(prefixes))
    if matter.jurisdiction_basis == "anywhere":
        return
    if ctx.applicant.id_number[:6].startswith(prefixes):
        return
    addresses = list(_addresses(ctx))
    if any(address_in(a, prefixes) for a in addresses):
        return
    household = matter.jurisdiction_basis == "household"
    yield Finding("jurisdiction.applicant", "jurisdiction", "block" if household else "staff", Text(
        zh=f"您的户籍不在本地，“{matter.name.zh}”须在户籍所在地办理。" if household else
           f"未能确认您在本地居住或工作，“{matter.name.zh}”将由工作人员核对属地。",
        en=f"Your household is not registered here; \"{matter.name.en}\" is handled where it is." if household else
           f"Residence or work in this area could not be confirmed; staff will check \"{matter.name.en}\"."),
        value_read=ctx.applicant.id_number[:6] or None, expected=", ".join(prefixes))


def _addresses(ctx: ReviewContext) -> Iterator[str]:
    household = ctx.matter.jurisdiction_basis == "household"
    card = ctx.facts.card
    if card is not None and card.address:
        yield card.address
    for ref in ctx.pages:
        address = ref.reading.fields.get("address")
        if address and address.value and (not household or ref.reading.doc_type in HOUSEHOLD_DOCS):
            yield address.value
    if not household:
        for f in ctx.matter.fields:
            if "address" in f.id and ctx.form_value(f.id):
                yield ctx.form_value(f.id)
