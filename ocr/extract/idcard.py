"""Resident ID card (居民身份证): the portrait face and the emblem face."""
from __future__ import annotations

from ocr import ids
from ocr.extract import normalise
from ocr.extract.base import Fields
from ocr.types import Field, OcrResult

FRONT_LABELS = {
    "name": ("姓名",), "gender": ("性别",), "ethnicity": ("民族",), "birth_date": ("出生",),
    "address": ("住址",), "id_number": ("公民身份号码", "公民身份证号码"),
}
BACK_LABELS = {"issuing_authority": ("签发机关",), "validity": ("有效期限", "有效期")}


def front(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, FRONT_LABELS, page)
    f.text("name", normaliser=normalise.name)
    f.text("gender", normaliser=normalise.gender)
    f.text("ethnicity", normaliser=normalise.ethnicity)
    birth = f.date("birth_date")
    f.text("address", lines=4, normaliser=normalise.address)
    born = birth.value if birth else None
    number = f.id_number("id_number", birth_date=born)
    runs = f.id_numbers_anywhere()
    if number is None and runs:
        # The number sits alone at the bottom; when its label was not read, take the 18-digit run.
        number = f.id_number("id_number", value=runs[0], birth_date=born)
    if number is not None and number.valid:
        _cross_check(f, number.value)
    return f.result()


def _cross_check(f: Fields, number: str) -> None:
    """Fill gender and birth date from a valid ID number when they were not read."""
    if "gender" not in f.found:
        f.found["gender"] = Field("gender", ids.id_number_gender(number), 0.9, "", None, f.page,
                                  note="from the ID number")
    if "birth_date" not in f.found:
        iso = f"{number[6:10]}-{number[10:12]}-{number[12:14]}"
        f.found["birth_date"] = Field("birth_date", iso, 0.9, "", None, f.page, note="from the ID number")


def back(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, BACK_LABELS, page)
    f.text("issuing_authority")
    f.validity("valid_from", "valid_until", "validity")
    return f.result()
