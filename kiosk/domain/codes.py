"""Identity numbers, codes and dates as the pre-review and form validation check them.

Citizen ID numbers: GB 11643-1999, ISO 7064 MOD 11-2 (stdnum's check-digit routine). Unified
social credit codes: GB 32100-2015; stdnum's ``is_valid`` also demands eight leading digits,
which some real codes lack, so only its check-character computation is used.
"""
from __future__ import annotations

import hashlib
import hmac
import re
from datetime import date

from stdnum.cn import ric

from ocr import ids

LONG_TERM = "长期"
_ID_SHAPE = re.compile(r"[1-9]\d{16}[\dX]")
_MOBILE = re.compile(r"1[3-9]\d{9}")


def id_lookup_key(secret: bytes, id_number: str) -> str:
    """The keyed hash an application is found by from its applicant's ID number (never the number)."""
    return hmac.new(secret, id_number.strip().upper().encode(), hashlib.sha256).hexdigest()


def parse_iso(text: str | None) -> date | None:
    """An ISO date, or None for anything else (including 长期)."""
    if not text or not isinstance(text, str):
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        return None


def birth_date_of(id_number: str) -> date | None:
    """The birth date coded in a well-shaped ID number, None when it is not a real date."""
    if not _ID_SHAPE.fullmatch(id_number or ""):
        return None
    try:
        return date(int(id_number[6:10]), int(id_number[10:12]), int(id_number[12:14]))
    except ValueError:
        return None


def id_number_problem(id_number: str, today: date) -> str | None:
    """Why an ID number is malformed (in plain words), or None when it is well formed."""
    if not _ID_SHAPE.fullmatch(id_number or ""):
        return "shape"
    if id_number[17] != ric.calc_check_digit(id_number):
        return "check"
    born = birth_date_of(id_number)
    if born is None or born > today or born.year < 1900:
        return "birth_date"
    return None


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def uscc_valid(code: str) -> bool:
    """GB 32100 check, and a real region code in positions 3–8 (stricter than OCR's check)."""
    return ids.uscc_valid(code) and code[2:8].isdigit()


def mobile_valid(number: str) -> bool:
    """Mainland mobile number: 11 digits starting with 1 (spaces and dashes allowed)."""
    return bool(_MOBILE.fullmatch(re.sub(r"[\s-]", "", number or "")))
