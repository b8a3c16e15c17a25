"""Check and repair identity numbers and codes read by OCR.

Citizen ID numbers (GB 11643, ISO 7064 MOD 11-2), unified social credit codes (GB 32100) and
organisation codes (GB 11714). OCR confuses look-alike characters (O for 0, B for 8, Z for 2);
the check character lets us undo such a confusion, but only when exactly one reading passes.
When none or several pass, the raw text is returned marked invalid: a number is never invented.
"""
from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass
from typing import Callable, Iterable

from stdnum.cn import ric, uscc

DIGITS = "0123456789"
USCC_CHARSET = "0123456789ABCDEFGHJKLMNPQRTUWXY"   # GB 32100: no I, O, S, V, Z
ORG_CHARSET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"

# Look-alike groups: every member may have been read for any other member.
CONFUSABLE_GROUPS = ("0ODQ", "1Il|", "2Z", "5S", "6G", "8B", "Xx×")
# Digit-for-digit misreadings seen from PP-OCR on worn or blurred cards. Tried for citizen ID
# numbers only, whose birth date must also be a real date, and only when look-alikes do not pass.
DIGIT_CONFUSIONS = {"1": "7", "7": "1", "3": "8", "8": "360", "6": "850", "5": "6", "0": "869", "9": "0"}

_GROUP_OF = {c: g for g in CONFUSABLE_GROUPS for c in g}


@dataclass(frozen=True)
class CheckedCode:
    """A number after checking: ``value`` is the repaired number when ``valid``, else the raw text."""

    value: str
    raw: str
    valid: bool
    note: str = ""

    def __repr__(self) -> str:
        # Numbers identify people: only their ends reach logs and tracebacks.
        return f"CheckedCode(value={mask(self.value)!r}, valid={self.valid}, note={self.note!r})"


def mask(number: str) -> str:
    """Mask a personal number for logs: 3301**********1234."""
    if len(number) <= 8:
        return "*" * len(number)
    return number[:4] + "*" * (len(number) - 8) + number[-4:]


def _clean(raw: str) -> str:
    return "".join(raw.split()).replace("-", "")


def _alternatives(char: str, allowed: str) -> list[str]:
    """Characters of ``allowed`` that ``char`` may stand for, other than ``char`` itself."""
    out: list[str] = []
    for other in char.upper() + _GROUP_OF.get(char, "") + _GROUP_OF.get(char.upper(), ""):
        if other != char and other in allowed and other not in out:
            out.append(other)
    return out


def _repair(raw: str, allowed_at: Iterable[str], valid: Callable[[str], bool],
            digit_swaps: bool = False) -> CheckedCode:
    """Shared repair policy, fewest changes first.

    Characters not allowed at their position must be replaced by a look-alike (O -> 0); if no
    such reading passes ``valid``, one more position may change to a look-alike (8 -> B in a
    USCC) or, with ``digit_swaps``, to a digit OCR often reads for it (3 -> 8). A reading is
    accepted only when it is the single one passing at the lowest number of changes.
    """
    text = _clean(raw)
    allowed = list(allowed_at)
    if len(text) != len(allowed):
        return CheckedCode(text, raw, False, f"expected {len(allowed)} characters, read {len(text)}")
    forced = [i for i, (c, a) in enumerate(zip(text, allowed)) if c not in a]
    if len(forced) > 6:
        return CheckedCode(text, raw, False, "too many unreadable characters")
    forced_options = [_alternatives(text[i], allowed[i]) for i in forced]
    if any(not o for o in forced_options):
        return CheckedCode(text, raw, False, "unreadable character")
    if not forced and valid(text):
        return CheckedCode(text, raw, True)

    def readings(extra: tuple[int, str] | None):
        for choice in itertools.product(*forced_options):
            chars = list(text)
            for i, c in zip(forced, choice):
                chars[i] = c
            if extra:
                chars[extra[0]] = extra[1]
            yield "".join(chars)

    passing = {r for r in readings(None) if valid(r)}
    if not passing:
        extras = []
        for i, (c, a) in enumerate(zip(text, allowed)):
            if i not in forced:
                swaps = _alternatives(c, a) + [d for d in DIGIT_CONFUSIONS.get(c, "") if digit_swaps and d in a]
                extras += [(i, d) for d in dict.fromkeys(swaps)]
        passing = {r for extra in extras for r in readings(extra) if valid(r)}
    if len(passing) == 1:
        fixed = passing.pop()
        changes = ", ".join(f"{a}->{b}" for a, b in zip(text, fixed) if a != b)
        return CheckedCode(fixed, raw, True, f"check digit repaired {changes}")
    if passing:
        return CheckedCode(text, raw, False, f"{len(passing)} repairs pass the check; not chosen")
    return CheckedCode(text, raw, False, "check digit fails")


def _birth_date(number: str) -> dt.date | None:
    try:
        born = dt.date(int(number[6:10]), int(number[10:12]), int(number[12:14]))
    except ValueError:
        return None
    return born if dt.date(1900, 1, 1) <= born <= dt.date.today() else None


def id_number_valid(number: str) -> bool:
    """Whether an 18-character citizen ID number passes its check and has a real birth date."""
    return (len(number) == 18 and number[:17].isdigit() and number[0] != "0"
            and number[17] == ric.calc_check_digit(number) and _birth_date(number) is not None)


def check_id_number(raw: str, birth_date: str | None = None) -> CheckedCode:
    """Check a citizen ID number and repair one OCR confusion when the check allows only one.

    ``birth_date`` (ISO) read elsewhere on the same document narrows the choice when given.
    """
    wanted = birth_date.replace("-", "") if birth_date else None

    def valid(n: str) -> bool:
        return id_number_valid(n) and (wanted is None or n[6:14] == wanted)

    text = _clean(raw)
    checked = _repair(raw, [DIGITS] * 17 + [DIGITS + "X"], valid, digit_swaps=True)
    if not checked.valid and wanted is not None and id_number_valid(text):
        return CheckedCode(text, raw, True, "birth date differs from the one printed on the document")
    return checked


def id_number_gender(number: str) -> str:
    """男 or 女 from the sequence digit (odd = male)."""
    return "男" if int(number[16]) % 2 else "女"


def uscc_valid(code: str) -> bool:
    """Whether a unified social credit code passes the GB 32100 check.

    stdnum's ``is_valid`` also demands eight leading digits, which some real codes lack, so only
    its check-character computation is used.
    """
    return (len(code) == 18 and all(c in USCC_CHARSET for c in code)
            and code[17] == uscc.calc_check_digit(code[:17]))


def check_uscc(raw: str) -> CheckedCode:
    """Check a unified social credit code, repairing one OCR confusion when only one passes."""
    return _repair(raw, [USCC_CHARSET] * 18, uscc_valid)


def org_code_check_char(body: str) -> str:
    """GB 11714 check character for the 8-character body."""
    total = sum(ORG_CHARSET.index(c) * w for c, w in zip(body, (3, 7, 9, 10, 5, 8, 4, 2)))
    c = 11 - total % 11
    return {10: "X", 11: "0"}.get(c, str(c))


def org_code_valid(code: str) -> bool:
    """Whether a 9-character organisation code (no hyphen) passes the GB 11714 check."""
    return (len(code) == 9 and all(c in ORG_CHARSET for c in code[:8])
            and code[8] == org_code_check_char(code[:8]))


def check_org_code(raw: str) -> CheckedCode:
    """Check an organisation code (``12345678-9`` or without hyphen) with the same repair policy."""
    return _repair(raw, [ORG_CHARSET] * 8 + [DIGITS + "X"], org_code_valid)
