"""Household register (户口簿): the index page and a member's registration card."""
from __future__ import annotations

import re

from ocr.extract import normalise
from ocr.extract.base import Fields
from ocr.types import OcrResult, Field

INDEX_LABELS = {
    "household_type": ("户别",), "household_head": ("户主姓名",), "household_number": ("户号",),
    "address": ("住址",), "signature": ("承办人签章",),
}
MEMBER_LABELS = {
    "name": ("姓名",), "relation": ("户主或与户主关系", "与户主关系"), "former_name": ("曾用名",),
    "gender": ("性别",), "birthplace": ("出生地",), "ethnicity": ("民族",), "native_place": ("籍贯",),
    "birth_date": ("出生日期",), "id_number": ("公民身份证件编号", "公民身份号码"),
    "education": ("文化程度",), "marital": ("婚姻状况",),
}
HOUSEHOLD_TYPES = ("家庭户", "集体户")


def _household_type(text: str) -> str:
    text = normalise.compact(text)
    for kind in HOUSEHOLD_TYPES:
        if kind in text or kind[:2] in text:
            return kind
    return text


def index(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, INDEX_LABELS, page)
    f.text("household_type", normaliser=_household_type)
    f.text("household_head", normaliser=normalise.name)
    f.text("household_number", normaliser=lambda t: "".join(re.findall(r"\d", t)) or None)
    f.text("address", lines=3, normaliser=normalise.address, below=True)
    return f.result()


def member(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, MEMBER_LABELS, page)
    f.text("name", normaliser=normalise.name)
    f.text("relation", normaliser=normalise.name)
    f.text("gender", normaliser=normalise.gender)
    f.text("ethnicity", normaliser=normalise.ethnicity)
    birth = f.date("birth_date")
    f.text("birthplace", normaliser=normalise.address)
    f.id_number("id_number", birth_date=birth.value if birth else None)
    return f.result()
