"""Rules of the staff desk that need no storage: deadline colours, flagged cases, queue order, sampling."""
from __future__ import annotations

import hashlib
from datetime import date, datetime

GREEN, YELLOW, RED = "green", "yellow", "red"
# Findings that make a case "flagged": it must be looked at, not just skimmed.
FLAG_SEVERITIES = frozenset({"block", "staff"})


def deadline_colour(due: date | None, today: date, warning_days: int) -> str:
    """Red when the promised date has passed, yellow within ``warning_days`` of it, green otherwise."""
    if due is None:
        return GREEN
    if due < today:
        return RED
    if (due - today).days <= warning_days:
        return YELLOW
    return GREEN


def flagged(review: dict | None) -> bool:
    return any(f.get("severity") in FLAG_SEVERITIES for f in (review or {}).get("findings", []))


def categories(review: dict | None) -> frozenset[str]:
    return frozenset(f.get("category", "") for f in (review or {}).get("findings", []))


def queue_key(due: date | None, is_flagged: bool, submitted_at: datetime | None) -> tuple:
    """Oldest deadline first (cases without one last); flagged before unflagged on the same date."""
    return (due is None, due or date.max, not is_flagged, submitted_at.timestamp() if submitted_at else 0.0)


def sampled(number: str, rate: float) -> bool:
    """Whether an instantly decided case is drawn for the after-the-fact check.

    Deterministic per application number (its SHA-256 read as a fraction), so a case is drawn or
    not once and for all, and the share drawn over many cases approaches ``rate``.
    """
    if rate <= 0:
        return False
    fraction = int.from_bytes(hashlib.sha256(number.encode()).digest()[:8], "big") / 2 ** 64
    return fraction < rate
