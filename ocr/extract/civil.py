"""Civil-status certificates: marriage certificate (结婚证) and birth certificate (出生医学证明)."""
from __future__ import annotations

import re

from ocr.dates import parse_date
from ocr.extract import normalise
from ocr.extract.base import Fields
from ocr.types import Field, OcrResult

MARRIAGE_LABELS = {
    "holder": ("持证人",), "registration_date": ("登记日期",), "certificate_number": ("结婚证字号",),
    "remarks": ("备注",), "name": ("姓名",), "gender": ("性别",), "nationality": ("国籍",),
    "birth_date": ("出生日期",), "id_number": ("身份证件号", "身份证号"),
}
BIRTH_LABELS = {
    "certificate_number": ("编号",), "child_name": ("新生儿姓名",), "child_gender": ("性别",),
    "birth_time": ("出生时间",), "birth_place": ("出生地点",), "mother_name": ("母亲姓名",),
    "mother_id_number": ("母亲身份证件号码", "母亲有效身份证件号码"), "father_name": ("父亲姓名",),
    "father_id_number": ("父亲身份证件号码", "父亲有效身份证件号码"), "institution": ("接生机构名称",),
}


def _certificate_number(text: str) -> str | None:
    """J330106-2020-001234: letters, digits and the hyphens between them."""
    return re.sub(r"[^0-9A-Z-]", "", normalise.unify(text).upper()).strip("-") or None


def marriage(result: OcrResult, page: int = 0) -> dict[str, Field]:
    """Both spouses are printed as the same block of labels; the gender of each block decides
    which is the husband (the block order is not relied on)."""
    f = Fields(result, MARRIAGE_LABELS, page)
    f.text("certificate_number", normaliser=_certificate_number)
    f.date("registration_date")
    for i, name_label in enumerate(f.layout.labels("name")):
        gender_value = _nearest_below(f, "gender", name_label)
        gender = normalise.gender(gender_value.text) if gender_value else ""
        role = {"男": "husband", "女": "wife"}.get(gender) or ("husband", "wife")[min(i, 1)]
        f.add(f"{role}_name", f.layout.value("name", occurrence=i), normalise.name)
        birth = _nearest_below(f, "birth_date", name_label)
        id_value = _nearest_below(f, "id_number", name_label)
        if id_value is not None:
            f.id_number(f"{role}_id_number", value=id_value,
                        birth_date=parse_date(birth.text) if birth else None)
    return f.result()


def _nearest_below(f: Fields, key: str, anchor):
    """The value of the first ``key`` label at or below ``anchor`` (the same spouse's block)."""
    for i, label in enumerate(f.layout.labels(key)):
        if label.bottom >= anchor.top:
            return f.layout.value(key, occurrence=i)
    return None


def _birth_certificate_number(text: str) -> str | None:
    """A letter and nine digits (Q330123456); other forms are kept as read."""
    text = normalise.compact(text).upper()
    match = re.search(r"[A-Z]\d{9}", text)
    return match.group(0) if match else text or None


def birth(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, BIRTH_LABELS, page)
    f.text("certificate_number", normaliser=_birth_certificate_number)
    f.text("child_name", normaliser=normalise.name)
    f.text("child_gender", normaliser=normalise.gender)
    f.date("birth_date", "birth_time")
    f.text("birth_place", lines=2, normaliser=normalise.address)
    f.text("mother_name", normaliser=normalise.name)
    f.id_number("mother_id_number")
    f.text("father_name", normaliser=normalise.name)
    f.id_number("father_id_number")
    return f.result()
