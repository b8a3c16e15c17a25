"""Within one page: what a page prints agrees with itself.

The birth date and sex printed beside an ID number are the ones the number encodes (GB 11643);
a 个体工商户 licence carries a 92… credit code and a company's a 91… one (GB 32100, position 2);
the credit code's region (positions 3–8) is in the city of the licence's address.
"""
from __future__ import annotations

from typing import Iterator

from ocr import doctypes
from ocr.ids import id_number_gender

from ..catalog.schema import Text
from .. import codes
from ..regions import resolve
from .context import PageRef, ReviewContext
from .findings import Finding

# A contradiction read at or above this confidence is on the paper; below it, OCR may have slipped.
CONFIDENT = 0.9
SOLE_PROPRIETOR = "个体工商户"


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for ref in ctx.pages:
        yield from _person(ctx, ref)
        if ref.reading.doc_type == doctypes.BUSINESS_LICENCE:
            yield from _licence(ref)


def _person(ctx: ReviewContext, ref: PageRef) -> Iterator[Finding]:
    fields = ref.reading.fields
    number_field = fields.get("id_number")
    number = (number_field.value or "").strip().upper() if number_field else ""
    if not number or codes.id_number_problem(number, ctx.today):
        return       # a malformed number is the format check's finding
    born = codes.birth_date_of(number)
    printed = fields.get("birth_date")
    if printed is not None and codes.parse_iso(printed.value) not in (None, born):
        yield _contradiction(ref, printed, number_field, "birth_date", Text(
            zh="出生日期与身份证号码中的出生日期不一致", en="the date of birth differs from the one in the ID number"),
            born.isoformat())
    sex = fields.get("gender")
    if sex is not None and sex.value in ("男", "女") and sex.value != id_number_gender(number):
        yield _contradiction(ref, sex, number_field, "gender", Text(
            zh="性别与身份证号码中的性别不一致", en="the sex differs from the one in the ID number"),
            id_number_gender(number))


def _licence(ref: PageRef) -> Iterator[Finding]:
    fields = ref.reading.fields
    code_field = fields.get("uscc")
    code = (code_field.value or "").strip().upper() if code_field else ""
    if not codes.uscc_valid(code):
        return       # the format check's finding
    kind = fields.get("business_type")
    if kind is not None and kind.value:
        sole = SOLE_PROPRIETOR in kind.value
        wanted = "92" if sole else "91"
        if code[:2] in ("91", "92") and code[:2] != wanted:
            yield _contradiction(ref, code_field, kind, "uscc", Text(
                zh=f"统一社会信用代码的类别与“{kind.value}”不符", en=f"the credit code's category does not fit \"{kind.value}\""),
                wanted + "…")
    address = fields.get("address")
    where = resolve(address.value) if address is not None and address.value else None
    if where is not None and len(where) >= 4 and code[2:6] != where[:4] and code[2:4] + "00" != code[2:6]:
        # A business keeps its code when it moves: staff look rather than the citizen being stopped.
        yield Finding("page.uscc_region", "consistency", "staff", Text(
            zh=f"“{ref.material.name.zh}”上统一社会信用代码的登记地与住所不在同一城市，将由工作人员核对。",
            en=f"The credit code on \"{ref.material.name.en}\" was issued in another city than its address; "
               "staff will check it."),
            material_id=ref.material.id, page=ref.page.page_no, field="uscc", box=code_field.box,
            value_read=code[2:8], confidence=code_field.confidence, expected=where)


def _contradiction(ref: PageRef, field, other, what: str, problem: Text, expected: str) -> Finding:
    sure = min(field.confidence, other.confidence) >= CONFIDENT
    return page_finding(f"page.{what}", ref, field, sure, Text(zh=f"上{problem.zh}", en=f", {problem.en}"),
                        Text(zh="请确认材料真实有效。", en="make sure the document is genuine."), expected)


def page_finding(rule_id: str, ref: PageRef, field, sure: bool, problem: Text, fix: Text, expected: str) -> Finding:
    """A contradiction read on one page: read surely it blocks with ``fix``, else staff check it."""
    spec, number = ref.material, ref.page.page_no
    return Finding(rule_id, "consistency", "block" if sure else "staff", Text(
        zh=f"“{spec.name.zh}”第{number}页{problem.zh}，" + (fix.zh if sure else "将由工作人员核对。"),
        en=f"\"{spec.name.en}\" page {number}{problem.en}; " + (fix.en if sure else "staff will check it.")),
        material_id=spec.id, page=number, field=field.name, box=field.box, value_read=field.value,
        confidence=field.confidence, expected=expected)
