"""The hash chain of the audit log: plain functions, no storage.

Each entry's hash is SHA-256 over a canonical JSON serialisation of the entry, its predecessor's
hash included, so changing, removing or reordering any entry breaks every hash after it.
"""
from __future__ import annotations

import hashlib
import json
import re
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Iterable

from kiosk.domain.masking import mask_id

GENESIS = "0" * 64    # the prev_hash of the first entry

# Personal data that may slip into free text (a staff reason, a rejected value): ID numbers and mobiles.
_ID_NUMBER = re.compile(r"(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])")
_MOBILE = re.compile(r"(?<!\d)1[3-9]\d{9}(?!\d)")


@dataclass(frozen=True)
class Entry:
    """One audit record as stored; ``details`` is the canonical JSON text."""

    seq: int
    at: str
    actor: str
    action: str
    subject: str
    details: str
    prev_hash: str
    hash: str


@dataclass(frozen=True)
class Break:
    """The first entry whose chain does not hold, and why."""

    seq: int
    problem: str


def timestamp(moment: datetime) -> str:
    """A fixed-width UTC timestamp: the form that is hashed and stored."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=timezone.utc)
    return moment.astimezone(timezone.utc).strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical_details(details: dict | None) -> str:
    return json.dumps(details or {}, sort_keys=True, ensure_ascii=False, separators=(",", ":"), default=str)


def entry_hash(seq: int, at: str, actor: str, action: str, subject: str, details: str, prev_hash: str) -> str:
    body = json.dumps({"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject,
                       "details": json.loads(details), "prev_hash": prev_hash},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(body.encode("utf-8")).hexdigest()


def seal(seq: int, at: str, actor: str, action: str, subject: str, details: dict | None, prev_hash: str) -> Entry:
    text = canonical_details(details)
    return Entry(seq, at, actor, action, subject, text, prev_hash,
                 entry_hash(seq, at, actor, action, subject, text, prev_hash))


def first_break(entries: Iterable[Entry]) -> Break | None:
    """Walk the chain in seq order; None when every entry links to the one before and hashes right."""
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            return Break(expected_seq, f"entry {expected_seq} is missing (found {e.seq})")
        if e.prev_hash != prev:
            return Break(e.seq, "prev_hash does not match the entry before")
        try:
            recomputed = entry_hash(e.seq, e.at, e.actor, e.action, e.subject, e.details, e.prev_hash)
        except ValueError:
            return Break(e.seq, "details are not valid JSON")
        if recomputed != e.hash:
            return Break(e.seq, "content does not match its hash")
        expected_seq, prev = e.seq + 1, e.hash
    return None


def mask_text(text: str) -> str:
    """Free text with ID numbers and mobile numbers masked, fit for the audit log."""
    text = _ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)
    return _MOBILE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)
