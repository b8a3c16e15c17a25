"""Between documents: what two documents say of the same person or thing agrees.

The chip is the trusted source: the card's emblem side carries the chip's validity dates (a
back from another card does not); the photo side and the applicant's 户口簿 page print the
chip's date of birth, sex and ethnicity. Pages of one 户口簿 carry one household number.
An unsure reading of the register's address that differs from the chip's goes to staff.
"""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes

from ..catalog.schema import Text
from ..compare import same_address, same_name
from .. import codes
from .context import PageRef, ReviewContext
from .findings import Finding
from .pages import page_finding
from .people import applicants_own

CONFIDENT = 0.9
_PERSONAL = (("birth_date", "出生日期", "date of birth"), ("gender", "性别", "sex"), ("ethnicity", "民族", "ethnicity"))


def check(ctx: ReviewContext) -> Iterator[Finding]:
    card = ctx.facts.card
    for ref in ctx.pages:
        if card is not None and ref.reading.doc_type == doctypes.ID_CARD_BACK and ref.material.id == "id_card":
            yield from _back_against_chip(ref, card)
        if card is not None and ref.reading.doc_type in (doctypes.ID_CARD_FRONT, doctypes.HUKOU_MEMBER) \
                and applicants_own(ref) and same_name(_value(ref, "name"), card.name):
            yield from _person_against_chip(ref, card)
        if card is not None and ref.reading.doc_type == doctypes.HUKOU_INDEX:
            yield from _household_address_unsure(ref, card)
    yield from _household_numbers(ctx)


def _household_address_unsure(ref: PageRef, card) -> Iterator[Finding]:
    """The register's address decides household matters: read unsurely and unlike the chip's, staff look.

    Read surely, a different address is a move since the card was issued, not a contradiction.
    """
    field = ref.reading.fields.get("address")
    if field is not None and field.value and card.address and field.confidence < CONFIDENT \
            and not same_address(field.value, card.address):
        yield _differs(ref, field, card.address, Text(
            zh="住址未能准确识别，且与身份证芯片不同", en="the address was not read reliably and differs from the ID card chip"))


def _value(ref: PageRef, name: str) -> str:
    field = ref.reading.fields.get(name)
    return (field.value or "").strip() if field is not None else ""


def _back_against_chip(ref: PageRef, card) -> Iterator[Finding]:
    chip = {"valid_from": card.valid_from.isoformat() if card.valid_from else None,
            "valid_until": card.valid_until.isoformat() if card.valid_until else codes.LONG_TERM}
    if not _value(ref, "valid_until"):
        yield Finding("crossdoc.validity_not_read", "consistency", "info", Text(
            zh=f"未能读取“{ref.material.name.zh}”第{ref.page.page_no}页的有效期限，无法与芯片核对。",
            en=f"The validity on \"{ref.material.name.en}\" page {ref.page.page_no} was not read, "
               "so it could not be checked against the chip."),
            material_id=ref.material.id, page=ref.page.page_no, field="valid_until", unchecked=True)
    for name, chip_value in chip.items():
        field = ref.reading.fields.get(name)
        if field is None or not field.value or chip_value is None or field.value.strip() == chip_value:
            continue
        yield _differs(ref, field, chip_value, Text(
            zh="有效期限与身份证芯片不一致，可能不是同一张身份证的国徽面",
            en="the validity differs from the ID card chip; it may be the back of another card"))
        return


def _person_against_chip(ref: PageRef, card) -> Iterator[Finding]:
    chip = {"birth_date": card.birth_date.isoformat() if card.birth_date else "", "gender": card.gender,
            "ethnicity": card.ethnicity}
    for name, zh, en in _PERSONAL:
        field = ref.reading.fields.get(name)
        if field is None or not field.value or not chip[name]:
            continue
        read = field.value.strip().removesuffix("族")
        if read != chip[name].removesuffix("族"):
            yield _differs(ref, field, chip[name], Text(zh=f"{zh}与身份证芯片不一致", en=f"the {en} differs from the ID card chip"))
    address = ref.reading.fields.get("address")
    if ref.reading.doc_type == doctypes.ID_CARD_FRONT and address is not None and address.value and card.address \
            and not same_address(address.value, card.address):
        yield _differs(ref, address, card.address, Text(zh="住址与身份证芯片不一致", en="the address differs from the ID card chip"))


def _household_numbers(ctx: ReviewContext) -> Iterator[Finding]:
    for spec in ctx.matter.materials:
        seen: dict[str, PageRef] = {}
        for ref in ctx.pages:
            number = _value(ref, "household_number") if ref.material.id == spec.id else ""
            if number and seen and number not in seen:
                first = next(iter(seen.values()))
                yield _differs(ref, ref.reading.fields["household_number"], _value(first, "household_number"), Text(
                    zh="户号与同一户口簿的其他页不一致，可能来自不同的户口簿",
                    en="the household number differs from the register's other pages; they may be from different registers"))
            elif number:
                seen[number] = ref


def _differs(ref: PageRef, field, expected: str, problem: Text) -> Finding:
    return page_finding(f"crossdoc.{field.name}", ref, field, field.confidence >= CONFIDENT,
                        Text(zh=f"：{problem.zh}", en=f": {problem.en}"),
                        Text(zh="请放入本人正确的材料。", en="place your own, matching document."), expected)
