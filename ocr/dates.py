"""Dates, validity periods and amounts as written on Chinese documents, normalised.

Dates come back as ISO ``YYYY-MM-DD``; an open-ended validity (长期) stays ``"长期"``;
amounts come back in yuan as a plain decimal string.
"""
from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

LONG_TERM = "长期"

_CN_DIGITS = {
    "〇": 0, "○": 0, "零": 0, "O": 0, "一": 1, "壹": 1, "二": 2, "贰": 2, "貳": 2, "两": 2, "三": 3, "叁": 3,
    "四": 4, "肆": 4, "五": 5, "伍": 5, "六": 6, "陆": 6, "七": 7, "柒": 7, "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
_CN_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000}
_CN_BIG = {"万": 10_000, "萬": 10_000, "亿": 100_000_000}
_CN_CHARS = "".join(_CN_DIGITS) + "".join(_CN_UNITS) + "".join(_CN_BIG)

# OCR of printed dates: separators may be dropped or read as other punctuation.
_NUMERIC = re.compile(r"(\d{4})\s*[年.\-/．。·,，]?\s*(\d{1,2})\s*[月.\-/．。·,，]?\s*(\d{1,2})\s*日?")
_WRITTEN = re.compile(rf"([{_CN_CHARS}]{{4}})年([{_CN_CHARS}]{{1,3}})月([{_CN_CHARS}]{{1,3}})日")


def chinese_number(text: str) -> int | None:
    """Value of a Chinese numeral: 二〇二〇 (digit by digit), 三十一, 壹佰万; None if not one."""
    if not text or any(c not in _CN_DIGITS and c not in _CN_UNITS and c not in _CN_BIG for c in text):
        return None
    if not any(c in _CN_UNITS or c in _CN_BIG for c in text):
        return int("".join(str(_CN_DIGITS[c]) for c in text))   # 二〇二〇: year written digit by digit
    total, section, digit = 0, 0, None
    for c in text:
        if c in _CN_DIGITS:
            digit = _CN_DIGITS[c]
        elif c in _CN_UNITS:
            section += (1 if digit is None else digit) * _CN_UNITS[c]   # 十二 = 1×10 + 2
            digit = None
        else:
            section += digit or 0
            total += max(section, 1) * _CN_BIG[c]
            section, digit = 0, None
    return total + section + (digit or 0)


def _iso(year: int, month: int, day: int) -> str | None:
    if not 1900 <= year <= 2199:
        return None
    try:
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def parse_date(text: str) -> str | None:
    """The first date in ``text`` as ISO ``YYYY-MM-DD``, or None.

    Accepts 1990年1月2日, 1990.01.02, 1990-1-2, 1990/01/02, 19900102 and 二〇二〇年三月五日.
    """
    text = text.replace(" ", "")
    for m in _NUMERIC.finditer(text):
        iso = _iso(*(int(g) for g in m.groups()))
        if iso:
            return iso
    m = _WRITTEN.search(text)
    if m:
        parts = [chinese_number(g) for g in m.groups()]
        if None not in parts:
            return _iso(*parts)
    return None


def parse_validity(text: str) -> tuple[str | None, str | None]:
    """(valid_from, valid_until) from ``2015.03.01-2035.03.01`` or ``2015.03.01-长期``."""
    text = text.replace(" ", "")
    dates = [d for d in (_iso(*(int(g) for g in m.groups())) for m in _NUMERIC.finditer(text)) if d]
    long_term = any(k in text for k in (LONG_TERM, "长斯", "長期"))
    if not dates:
        return None, LONG_TERM if long_term else None
    if len(dates) == 1:
        return dates[0], LONG_TERM if long_term else None
    return dates[0], dates[1]


_AMOUNT_ARABIC = re.compile(r"(\d+(?:[.,]\d+)*)\s*(万|萬|亿)?")
_AMOUNT_CN = re.compile(rf"[{_CN_CHARS}]+")


def parse_amount(text: str) -> str | None:
    """An amount in yuan as a plain decimal string: 壹佰万元整 → 1000000, 50.5万元 → 505000."""
    text = text.replace(" ", "").replace("人民币", "")
    m = _AMOUNT_ARABIC.search(text)
    if m:
        value = Decimal(m.group(1).replace(",", ""))
        if m.group(2):
            value *= _CN_BIG[m.group(2)]
        return format(value.normalize(), "f")
    for m in _AMOUNT_CN.finditer(text):
        value = chinese_number(m.group(0))
        if value:
            return str(value)
    return None
