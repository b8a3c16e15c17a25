"""Jurisdiction: the matter is served at this hall, and the applicant belongs to its area.

The basis is the matter's: ``household`` — the registered household (户口簿 address, else the
card's address); ``residence`` — where the applicant lives (the household, or a lease or property
certificate offered as the home). The ID number's region prefix is never used: it is where the
first card was issued and does not change when a household moves. An employer's address is not
the applicant's residence. Addresses are resolved to GB/T 2260 regions (see kiosk.domain.regions).
"""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes

from ..catalog.schema import Text
from ..regions import address_in, resolve
from .context import ReviewContext
from .findings import Finding

HOME_DOCS = (doctypes.LEASE_CONTRACT, doctypes.PROPERTY_CERTIFICATE)


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
    household = _household_address(ctx)
    if household is not None and address_in(household[0], prefixes):
        return
    if matter.jurisdiction_basis == "household":
        if household is None or resolve(household[0]) is None:
            yield _unconfirmed(ctx, household)
            return
        address, material_id, page = household
        yield Finding("jurisdiction.applicant", "jurisdiction", "block", Text(
            zh=f"您的户籍不在本地，“{matter.name.zh}”须在户籍所在地办理。",
            en=f"Your household is not registered here; \"{matter.name.en}\" is handled where it is."),
            material_id=material_id, page=page, value_read=resolve(address), expected=", ".join(prefixes))
        return
    homes = [(ref, ref.reading.fields["address"]) for ref in ctx.pages
             if ref.reading.doc_type in HOME_DOCS and ref.reading.fields.get("address")
             and ref.reading.fields["address"].value]
    if any(address_in(f.value, prefixes) for _, f in homes) or any(address_in(a, prefixes) for a in _committed(ctx)):
        return
    if homes and all(resolve(f.value) for _, f in homes):
        ref, field = homes[0]
        yield Finding("jurisdiction.residence", "jurisdiction", "block", Text(
            zh=f"“{ref.material.name.zh}”上的住址不在本地，“{matter.name.zh}”须在居住地办理。",
            en=f"The address on \"{ref.material.name.en}\" is not in this area; "
               f"\"{matter.name.en}\" is handled where you live."),
            material_id=ref.material.id, page=ref.page.page_no, box=field.box, field="address",
            value_read=field.value, confidence=field.confidence, expected=", ".join(prefixes))
        return
    yield _unconfirmed(ctx, household)


def _committed(ctx: ReviewContext) -> Iterator[str]:
    """Addresses typed for a home or premises whose proof a signed commitment replaces (告知承诺)."""
    for f in ctx.matter.fields:
        source = (f.prefill or "").split(".")
        if len(source) == 3 and source[0] == "material" and source[2] == "address":
            captured = ctx.facts.materials.get(source[1])
            if captured is not None and captured.committed and ctx.form_value(f.id):
                yield ctx.form_value(f.id)


def _household_address(ctx: ReviewContext) -> tuple[str, str | None, int | None] | None:
    """The registered household's address, with the material and page it was read on."""
    for ref in ctx.pages:
        if ref.reading.doc_type == doctypes.HUKOU_INDEX:
            field = ref.reading.fields.get("address")
            if field and field.value:
                return field.value, ref.material.id, ref.page.page_no
    card = ctx.facts.card
    if card is not None and card.address:
        return card.address, None, None
    for ref in ctx.pages:
        if ref.reading.doc_type == doctypes.ID_CARD_FRONT and ref.material.id == "id_card":
            field = ref.reading.fields.get("address")
            if field and field.value:
                return field.value, ref.material.id, ref.page.page_no
    return None


def _unconfirmed(ctx: ReviewContext, household) -> Finding:
    matter = ctx.matter
    return Finding("jurisdiction.unconfirmed", "jurisdiction", "staff", Text(
        zh=f"未能确认您在本地的户籍或居住地，“{matter.name.zh}”将由工作人员核对属地。",
        en=f"Your household or residence in this area could not be confirmed; staff will check \"{matter.name.en}\"."),
        value_read=(resolve(household[0]) if household else None), expected=", ".join(matter.jurisdiction))
