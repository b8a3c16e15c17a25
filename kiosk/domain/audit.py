"""The keyed hash chain of the audit log and its signed checkpoints: plain functions, no storage.

Each entry's hash is HMAC-SHA256, keyed with the kiosk's audit key (never stored in the database),
over a canonical JSON serialisation of the entry, its predecessor's hash included: changing,
removing or reordering any entry breaks every hash after it, and nobody without the key can
recompute the chain. A checkpoint is the head (seq, hash) signed with the kiosk's Ed25519 key and
kept outside the database (a file, the log, the daily report): it pins the history up to it even
against someone who has the key and the database, and anyone with the public key can check it.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import re
from dataclasses import asdict, dataclass
from datetime import datetime, timezone
from typing import Iterable

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

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


def entry_hash(key: bytes, seq: int, at: str, actor: str, action: str, subject: str, details: str,
               prev_hash: str) -> str:
    body = json.dumps({"seq": seq, "at": at, "actor": actor, "action": action, "subject": subject,
                       "details": json.loads(details), "prev_hash": prev_hash},
                      sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hmac.new(key, body.encode("utf-8"), hashlib.sha256).hexdigest()


def seal(key: bytes, seq: int, at: str, actor: str, action: str, subject: str, details: dict | None,
         prev_hash: str) -> Entry:
    text = canonical_details(details)
    return Entry(seq, at, actor, action, subject, text, prev_hash,
                 entry_hash(key, seq, at, actor, action, subject, text, prev_hash))


def first_break(key: bytes, entries: Iterable[Entry]) -> Break | None:
    """Walk the chain in seq order; None when every entry links to the one before and hashes right."""
    expected_seq, prev = 1, GENESIS
    for e in entries:
        if e.seq != expected_seq:
            return Break(expected_seq, f"entry {expected_seq} is missing (found {e.seq})")
        if e.prev_hash != prev:
            return Break(e.seq, "prev_hash does not match the entry before")
        try:
            recomputed = entry_hash(key, e.seq, e.at, e.actor, e.action, e.subject, e.details, e.prev_hash)
        except ValueError:
            return Break(e.seq, "details are not valid JSON")
        if not hmac.compare_digest(recomputed, e.hash):
            return Break(e.seq, "content does not match its hash")
        expected_seq, prev = e.seq + 1, e.hash
    return None


@dataclass(frozen=True)
class Checkpoint:
    """The chain's head at one moment, signed by the kiosk that keeps the chain."""

    terminal: str
    seq: int
    hash: str
    at: str
    public_key: str       # hex of the raw Ed25519 public key
    signature: str        # hex

    def message(self) -> bytes:
        return f"govkiosk-audit-checkpoint|{self.terminal}|{self.seq}|{self.hash}|{self.at}".encode()

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"))

    @classmethod
    def from_json(cls, text: str) -> Checkpoint:
        data = json.loads(text)
        return cls(terminal=str(data["terminal"]), seq=int(data["seq"]), hash=str(data["hash"]),
                   at=str(data["at"]), public_key=str(data["public_key"]), signature=str(data["signature"]))

    def signed_by(self, public_key: Ed25519PublicKey) -> bool:
        """True when the signature is this kiosk's over exactly these values."""
        try:
            public_key.verify(bytes.fromhex(self.signature), self.message())
        except (InvalidSignature, ValueError):
            return False
        return True


def sign_checkpoint(signer: Ed25519PrivateKey, terminal: str, seq: int, head_hash: str, at: str) -> Checkpoint:
    unsigned = Checkpoint(terminal, seq, head_hash, at, public_key_hex(signer.public_key()), "")
    return Checkpoint(terminal, seq, head_hash, at, unsigned.public_key, signer.sign(unsigned.message()).hex())


def public_key_hex(public_key: Ed25519PublicKey) -> str:
    return public_key.public_bytes(Encoding.Raw, PublicFormat.Raw).hex()


def mask_text(text: str) -> str:
    """Free text with ID numbers and mobile numbers masked, fit for the audit log."""
    text = _ID_NUMBER.sub(lambda m: mask_id(m.group(0)), text)
    return _MOBILE.sub(lambda m: m.group(0)[:3] + "****" + m.group(0)[-4:], text)
