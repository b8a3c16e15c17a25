"""Finding printed keywords in OCR text that may have one character wrong or missing."""
from __future__ import annotations

from typing import NamedTuple


class Match(NamedTuple):
    start: int
    end: int
    errors: int   # 0 exact, 1 one substitution or one dropped character


def find(text: str, keyword: str, *, start: int = 0, exact: bool = False) -> Match | None:
    """First occurrence of ``keyword`` in ``text`` from ``start``, exact or with one OCR error.

    Keywords of four or more characters may match with one character substituted (登记机关
    read as 登记机美) or dropped, of three with their middle one substituted; shorter ones must
    match exactly, or they would match everywhere. ``exact`` turns the tolerance off.
    """
    at = text.find(keyword, start)
    if at >= 0:
        return Match(at, at + len(keyword), 0)
    n = len(keyword)
    if n < 3 or exact:
        return None
    best: Match | None = None
    for i in range(start, len(text) - n + 1):
        mismatches = 0
        for a, b in zip(text[i:i + n], keyword):
            if a != b:
                mismatches += 1
                if mismatches > 1:
                    break
        # A three-character keyword must keep both ends, or it would slide half off a word.
        if mismatches == 1 and (n >= 4 or (text[i] == keyword[0] and text[i + n - 1] == keyword[-1])):
            best = Match(i, i + n, 1)
            break
    for j in range(n if n >= 4 else 0):
        shorter = keyword[:j] + keyword[j + 1:]
        at = text.find(shorter, start)
        if at >= 0 and (best is None or at < best.start):
            best = Match(at, at + n - 1, 1)
    return best


def contains(text: str, keyword: str) -> int | None:
    """Errors needed to find ``keyword`` in ``text`` (0 or 1), or None when it is not there."""
    match = find(text, keyword)
    return None if match is None else match.errors
