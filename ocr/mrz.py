"""Machine-readable zones as text (ICAO 9303 parts 3, 4 and 5), with every check digit verified.

Pure Python on purpose: the passport chip driver (devices/) and the MRZ-from-image code (ocr/)
both build on it, so nothing here imports an imaging library.

Formats understood:

* TD3, passports: 2 lines of 44 characters;
* TD1, ID cards: 3 lines of 30 characters;
* the 2014 往来港澳通行证 / 往来台湾通行证 card (document code CS / CD): 3 lines of 30 characters,
  card number + check, expiry *before* birth date, composite check. That layout is not published
  by ICAO; it is parsed defensively and every check digit is reported, so a wrong guess shows up
  as failed checks rather than as silently wrong data.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from ocr.types import DocumentError

TD3 = "TD3"
TD1 = "TD1"
EEP = "EEP"   # 往来港澳通行证 (CS) / 往来台湾通行证 (CD), 2014 card

FILLER = "<"
_ALPHABET = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<")
_WEIGHTS = (7, 3, 1)
_EEP_CODES = ("CS", "CD")
# Permit cards carry an encoded Chinese name of this many characters before the pinyin surname.
_EEP_ENCODED_NAME = 12


class MrzFormatError(DocumentError):
    """Text that is not a machine-readable zone of a known format (wrong length, bad characters)."""

    citizen_message = "无法识别证件的机读区，请将证件资料页平放在读取区后重试。"


def check_digit(text: str) -> str:
    """ICAO 9303 part 3 check digit of ``text``: weights 7-3-1, A–Z = 10–35, '<' = 0."""
    total = 0
    for i, char in enumerate(text):
        if char.isdigit():
            value = int(char)
        elif "A" <= char <= "Z":
            value = ord(char) - ord("A") + 10
        elif char == FILLER:
            value = 0
        else:
            raise MrzFormatError(f"character {char!r} is not allowed in a machine-readable zone")
        total += value * _WEIGHTS[i % 3]
    return str(total % 10)


def _digit_ok(data: str, digit: str) -> bool:
    # An empty optional field may carry '<' instead of '0' as its check digit (9303 part 4, 4.2.2).
    if digit == FILLER:
        return data.strip(FILLER) == ""
    return check_digit(data) == digit


@dataclass(frozen=True)
class CheckDigit:
    """One check digit of the zone: which field it guards and whether it matched."""

    field: str
    valid: bool


@dataclass(frozen=True)
class Mrz:
    """A parsed machine-readable zone.

    ``birth_date`` / ``expiry_date`` are None when the characters are not a calendar date.
    ``valid`` is true only when every check digit matches and both dates are real dates.
    """

    format: str
    document_type: str
    issuer: str
    document_number: str
    surname: str
    given_names: str
    nationality: str
    birth_yymmdd: str
    birth_date: date | None
    sex: str            # "M", "F", or "" when unspecified
    expiry_yymmdd: str
    expiry_date: date | None
    optional_data: str
    checks: tuple[CheckDigit, ...]
    lines: tuple[str, ...]

    @property
    def failed_checks(self) -> tuple[str, ...]:
        return tuple(check.field for check in self.checks if not check.valid)

    @property
    def valid(self) -> bool:
        return not self.failed_checks and self.birth_date is not None and self.expiry_date is not None

    @property
    def mrz_information(self) -> str:
        """The BAC key input of this document (9303 part 11, 9.7.2)."""
        return mrz_information(self.document_number, self.birth_yymmdd, self.expiry_yymmdd)

    def __repr__(self) -> str:
        # Personal data stays out of logs and tracebacks.
        return (f"Mrz(format={self.format!r}, document_type={self.document_type!r}, "
                f"issuer={self.issuer!r}, valid={self.valid}, failed={self.failed_checks})")


def mrz_information(number: str, birth: str | date, expiry: str | date) -> str:
    """Document number (padded to 9 with '<') + check, birth YYMMDD + check, expiry YYMMDD + check.

    This is the secret Basic Access Control derives its keys from (9303 part 11, 9.7.2).
    """
    number = number.strip().upper().replace(" ", "")
    if not number or not set(number) <= _ALPHABET:
        raise MrzFormatError("document number must be letters, digits or '<'")
    number = number.ljust(9, FILLER)
    parts = [number + check_digit(number)]
    for label, value in (("birth date", birth), ("expiry date", expiry)):
        text = value.strftime("%y%m%d") if isinstance(value, date) else str(value).strip()
        if len(text) != 6 or not text.isdigit():
            raise MrzFormatError(f"{label} must be YYMMDD digits")
        parts.append(text + check_digit(text))
    return "".join(parts)


def parse_mrz(text: str, *, today: date | None = None) -> Mrz:
    """Parse a TD3, TD1 or CS/CD permit zone given as lines (or as one run of characters).

    Spaces are dropped and letters upper-cased; anything else outside A–Z, 0–9 and '<' is an
    error. ``today`` settles the century of two-digit years (default: the current date).
    """
    today = today or date.today()
    rows = ["".join(row.split()).upper() for row in text.strip().splitlines()]
    rows = [row for row in rows if row]
    joined = "".join(rows)
    bad = set(joined) - _ALPHABET
    if bad:
        raise MrzFormatError(f"characters {''.join(sorted(bad))!r} are not allowed in a machine-readable zone")
    if len(joined) == 88 and len(rows) in (1, 2):
        return _parse_td3((joined[:44], joined[44:]), today)
    if len(joined) == 90 and len(rows) in (1, 3):
        lines = (joined[:30], joined[30:60], joined[60:])
        if lines[0][:2] in _EEP_CODES:
            return _parse_eep(lines, today)
        return _parse_td1(lines, today)
    raise MrzFormatError(f"{len(rows)} line(s) of {[len(row) for row in rows]} characters "
                         "match no machine-readable zone format (2×44 or 3×30)")


def _names(field: str) -> tuple[str, str]:
    surname, _, given = field.partition(FILLER * 2)
    return _words(surname), _words(given)


def _words(field: str) -> str:
    return " ".join(field.replace(FILLER, " ").split())


def _sex(char: str) -> str:
    return char if char in ("M", "F") else ""


def _date(yymmdd: str, today: date, *, past: bool) -> date | None:
    """A two-digit-year date: birth dates are never in the future; expiry lies within ±50 years."""
    if len(yymmdd) != 6 or not yymmdd.isdigit():
        return None
    yy, month, day = int(yymmdd[:2]), int(yymmdd[2:4]), int(yymmdd[4:])
    year = 2000 + yy
    if past:
        if (year, month, day) > (today.year, today.month, today.day):
            year -= 100
    elif year >= today.year + 50:
        year -= 100
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _parse_td3(lines: tuple[str, str], today: date) -> Mrz:
    top, data = lines
    surname, given = _names(top[5:])
    checks = (
        CheckDigit("document_number", _digit_ok(data[0:9], data[9])),
        CheckDigit("birth_date", _digit_ok(data[13:19], data[19])),
        CheckDigit("expiry_date", _digit_ok(data[21:27], data[27])),
        CheckDigit("optional_data", _digit_ok(data[28:42], data[42])),
        CheckDigit("composite", _digit_ok(data[0:10] + data[13:20] + data[21:43], data[43])),
    )
    return Mrz(
        format=TD3, document_type=top[0:2].rstrip(FILLER), issuer=top[2:5].rstrip(FILLER),
        document_number=data[0:9].rstrip(FILLER), surname=surname, given_names=given,
        nationality=data[10:13].rstrip(FILLER),
        birth_yymmdd=data[13:19], birth_date=_date(data[13:19], today, past=True),
        sex=_sex(data[20]),
        expiry_yymmdd=data[21:27], expiry_date=_date(data[21:27], today, past=False),
        optional_data=data[28:42].rstrip(FILLER), checks=checks, lines=lines,
    )


def _parse_td1(lines: tuple[str, str, str], today: date) -> Mrz:
    first, second, third = lines
    number, number_digit, optional = first[5:14], first[14], first[15:30]
    if number_digit == FILLER and optional.strip(FILLER):
        # Numbers longer than 9 characters continue in the optional field, their check digit
        # last, with '<' where the check digit would be (9303 part 5, 4.2.4 note j).
        extension = optional.split(FILLER, 1)[0]
        number, number_digit = number + extension[:-1], extension[-1:]
        optional = optional[len(extension):]
    surname, given = _names(third)
    checks = (
        CheckDigit("document_number", _digit_ok(number, number_digit)),
        CheckDigit("birth_date", _digit_ok(second[0:6], second[6])),
        CheckDigit("expiry_date", _digit_ok(second[8:14], second[14])),
        CheckDigit("composite", _digit_ok(first[5:30] + second[0:7] + second[8:15] + second[18:29],
                                          second[29])),
    )
    return Mrz(
        format=TD1, document_type=first[0:2].rstrip(FILLER), issuer=first[2:5].rstrip(FILLER),
        document_number=number.rstrip(FILLER), surname=surname, given_names=given,
        nationality=second[15:18].rstrip(FILLER),
        birth_yymmdd=second[0:6], birth_date=_date(second[0:6], today, past=True),
        sex=_sex(second[7]),
        expiry_yymmdd=second[8:14], expiry_date=_date(second[8:14], today, past=False),
        optional_data=(optional + second[18:29]).strip(FILLER), checks=checks, lines=lines,
    )


def _parse_eep(lines: tuple[str, str, str], today: date) -> Mrz:
    """The CS/CD permit card: line 1 is code, card number, expiry, birth; line 2 the name.

    Line 1 (0-based): 0–1 code, 2–10 card number, 11 check, 13–18 expiry, 19 check,
    21–26 birth date, 27 check, 29 composite (taken over the three fields with their checks,
    as on TD3 — unverified). Line 2 starts with a 12-character code of the Chinese name when it
    carries digits, then the pinyin name; line 3 holds the endorsement data.
    """
    first, second, third = lines
    name_field = second
    encoded_name = ""
    head = second.split(FILLER * 2, 1)[0]
    if len(head) > _EEP_ENCODED_NAME and any(c.isdigit() for c in head[:_EEP_ENCODED_NAME]):
        encoded_name, name_field = second[:_EEP_ENCODED_NAME], second[_EEP_ENCODED_NAME:]
    surname, given = _names(name_field)
    checks = (
        CheckDigit("document_number", _digit_ok(first[2:11], first[11])),
        CheckDigit("expiry_date", _digit_ok(first[13:19], first[19])),
        CheckDigit("birth_date", _digit_ok(first[21:27], first[27])),
        CheckDigit("composite", _digit_ok(first[2:12] + first[13:20] + first[21:28], first[29])),
    )
    optional = " ".join(part for part in (encoded_name.strip(FILLER), third.strip(FILLER)) if part)
    return Mrz(
        format=EEP, document_type=first[0:2], issuer="CHN",
        document_number=first[2:11].rstrip(FILLER), surname=surname, given_names=given,
        nationality="CHN",
        birth_yymmdd=first[21:27], birth_date=_date(first[21:27], today, past=True),
        sex="",
        expiry_yymmdd=first[13:19], expiry_date=_date(first[13:19], today, past=False),
        optional_data=optional, checks=checks, lines=lines,
    )


def build_td3(*, document_type: str, issuer: str, number: str, surname: str, given_names: str,
              nationality: str, birth: date, sex: str, expiry: date, optional: str = "") -> str:
    """The two TD3 lines for the given data, check digits computed (for samples and simulators)."""
    def field(text: str, width: int) -> str:
        cleaned = FILLER.join(text.upper().replace("-", " ").split())
        return cleaned[:width].ljust(width, FILLER)

    name = field(surname, 39)
    name = (name.rstrip(FILLER) + FILLER * 2 + field(given_names, 39).rstrip(FILLER))[:39].ljust(39, FILLER)
    top = field(document_type, 2) + field(issuer, 3) + name
    number_f, optional_f = field(number, 9), field(optional, 14)
    data = (number_f + check_digit(number_f) + field(nationality, 3)
            + f"{birth:%y%m%d}" + check_digit(f"{birth:%y%m%d}") + (sex if sex in ("M", "F") else FILLER)
            + f"{expiry:%y%m%d}" + check_digit(f"{expiry:%y%m%d}")
            + optional_f + check_digit(optional_f))
    data += check_digit(data[0:10] + data[13:20] + data[21:43])
    lines = top + "\n" + data
    if set(lines.replace("\n", "")) - _ALPHABET:
        raise MrzFormatError("fields must be written in Latin letters and digits")
    return lines
