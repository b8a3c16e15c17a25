"""Business licence (营业执照): companies and 个体工商户, 2018+ 副本 and earlier layouts.

Labels may be letter-spaced (名　　称) and are put together by ocr.extract.layout; values that
wrap (名称, 住所, 经营范围) are followed onto the rows under them up to the next label. A 个体工商户
licence prints 经营者 (read as the legal representative), 组成形式, 注册日期 and 经营场所.
"""
from __future__ import annotations

import re

from ocr import ids
from ocr.dates import parse_validity
from ocr.extract import normalise
from ocr.extract.base import Fields
from ocr.extract.layout import Value
from ocr.types import Field, OcrResult

LABELS = {
    "uscc": ("统一社会信用代码",), "company_name": ("名称",), "business_type": ("类型",),
    "legal_representative": ("法定代表人", "经营者", "负责人", "执行事务合伙人"),
    "registered_capital": ("注册资本", "出资额"), "established_date": ("成立日期", "注册日期"),
    "term": ("营业期限", "合伙期限"), "address": ("住所", "经营场所", "主要经营场所"),
    "scope": ("经营范围",), "authority": ("登记机关",), "composition": ("组成形式",),
}
COMPOSITIONS = ("个人经营", "家庭经营")
_USCC_RUN = re.compile(r"[0-9A-Za-z]{17,19}")


def _uscc_value(f: Fields) -> Value | None:
    """The code sits right of or under its label; else the first 18-character run on the page."""
    value = f.layout.value("uscc", below=True)
    if value and _USCC_RUN.search(value.text.replace(" ", "")):
        return value
    for p in f.layout.unlabelled():
        if _USCC_RUN.fullmatch(p.text.replace(" ", "")):
            return Value(p.text, p.box, p.confidence, (p,))
    return None


def _term_end(text: str) -> str | None:
    """The end of 营业期限: a date, or 长期."""
    return parse_validity(text)[1]


def extract(result: OcrResult, page: int = 0) -> dict[str, Field]:
    f = Fields(result, LABELS, page)
    value = _uscc_value(f)
    if value is not None:
        f.checked("uscc", value, ids.check_uscc(_USCC_RUN.search(value.text.replace(" ", "")).group(0)))
    f.text("company_name", lines=2, normaliser=normalise.address)
    f.text("business_type", normaliser=normalise.clean)
    f.text("legal_representative", normaliser=normalise.name)
    f.amount("registered_capital")
    f.date("established_date")
    f.text("valid_until", "term", normaliser=_term_end)
    f.text("address", lines=3, normaliser=normalise.address)
    f.text("composition", normaliser=_composition)
    f.text("business_scope", "scope", lines=8, normaliser=normalise.running_text)
    return f.result()


def _composition(text: str) -> str | None:
    text = normalise.compact(text)
    return next((c for c in COMPOSITIONS if c[:2] in text), text or None)
