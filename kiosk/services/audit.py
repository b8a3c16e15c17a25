"""The tamper-evident audit log: every state change and every staff action, in a keyed hash chain.

Appending locks the single ``audit_head`` row first (an UPDATE), so concurrent writers on SQLite
(one writer at a time) and PostgreSQL (row lock held to commit) line up behind each other and the
chain never forks; the unique ``seq`` and ``prev_hash`` columns are the backstop.

``verify()`` walks the whole chain and checks it still passes through the last checkpoint;
``checkpoint()`` (run by the scheduler) verifies, then signs the head and appends it to a file
outside the database and to the log.
"""
from __future__ import annotations

import logging
import os
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Callable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.domain import audit
from kiosk.storage.db import Database
from kiosk.storage.models import AuditEntry, AuditHead, utcnow

log = logging.getLogger(__name__)

# How many rows verify() reads per round trip: the chain is walked without loading it whole.
_BATCH = 2000


class AuditError(Exception):
    """The audit log cannot be appended to or checkpointed (no head row; a broken chain)."""


@dataclass(frozen=True)
class Verification:
    """The outcome of walking the chain."""

    entries: int                    # the length of the chain checked (up to the head)
    broken: audit.Break | None
    checkpoint: audit.Checkpoint | None = None    # the checkpoint the chain was checked against
    hash: str = audit.GENESIS                      # the hash of the last entry checked

    @property
    def ok(self) -> bool:
        return self.broken is None


class AuditLog:
    def __init__(self, db: Database, key: bytes, signer: Ed25519PrivateKey, *, terminal_id: str = "K01",
                 checkpoint_file: str | os.PathLike | None = None, clock: Callable[[], datetime] = utcnow):
        """``key`` keys the chain's HMAC, ``signer`` signs checkpoints; neither is kept in the database."""
        self.db = db
        self.key = key
        self.signer = signer
        self.terminal_id = terminal_id
        self.checkpoint_file = Path(checkpoint_file) if checkpoint_file else None
        self.clock = clock
        self.broken: audit.Break | None = None     # what the last checkpoint run found wrong, if anything

    def append(self, s: Session, actor: str, action: str, subject: str, details: dict | None = None,
               at: datetime | None = None) -> AuditEntry:
        """Append within the caller's transaction: the entry commits (or rolls back) with the change it records."""
        locked = s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1)
                           .execution_options(synchronize_session=False))
        if locked.rowcount != 1:
            raise AuditError("audit_head row missing: run `flask init-db`")
        seq, prev_hash = s.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
        sealed = audit.seal(self.key, seq, audit.timestamp(at or self.clock()), actor, action, subject, details,
                            prev_hash)
        entry = AuditEntry(seq=sealed.seq, at=sealed.at, actor=actor, action=action, subject=subject,
                           details=sealed.details, prev_hash=sealed.prev_hash, hash=sealed.hash)
        s.add(entry)
        s.execute(update(AuditHead).where(AuditHead.id == 1).values(hash=sealed.hash)
                  .execution_options(synchronize_session=False))
        return entry

    def record(self, actor: str, action: str, subject: str, details: dict | None = None) -> int:
        """Append in a transaction of its own (staff actions that change nothing else); returns the seq."""
        with self.db.session() as s:
            return self.append(s, actor, action, subject, details).seq

    def entries(self, subject: str | None = None, limit: int = 200) -> list[AuditEntry]:
        """The newest entries first, optionally of one subject (e.g. ``application:12``)."""
        with self.db.session() as s:
            query = select(AuditEntry).order_by(AuditEntry.seq.desc()).limit(limit)
            if subject is not None:
                query = query.where(AuditEntry.subject == subject)
            return list(s.scalars(query))

    def verify(self, against: audit.Checkpoint | None = None) -> Verification:
        """Recompute every hash in seq order up to the head, which must point at the last entry, and
        check the chain passes through ``against`` (default: the last checkpoint in the file).

        The head is read first, so entries appended while the walk runs are left for the next check
        instead of being mistaken for a mismatch.
        """
        checkpoint = against or self.last_checkpoint()
        with self.db.session() as s:
            result = self._check(s)
            broken = result.broken or (self._through(s, checkpoint) if checkpoint else None)
        return Verification(result.entries, broken, checkpoint, result.hash)

    def checkpoint(self) -> audit.Checkpoint:
        """Verify the whole chain, sign the head it ended at and write it out; AuditError if broken.

        The whole chain, not just what came after the last checkpoint: an edit before it is found
        within the hour, not only when someone runs ``flask audit verify``.
        """
        result = self.verify()
        self.broken = result.broken
        if result.broken is not None:
            log.error("audit chain broken at entry %s: %s; no checkpoint written",
                      result.broken.seq, result.broken.problem)
            raise AuditError(f"audit chain broken at entry {result.broken.seq}: {result.broken.problem}")
        point = audit.sign_checkpoint(self.signer, self.terminal_id, result.entries, result.hash,
                                      audit.timestamp(self.clock()))
        if self.checkpoint_file is not None:
            self.checkpoint_file.parent.mkdir(parents=True, exist_ok=True)
            with self.checkpoint_file.open("a", encoding="utf-8") as fh:
                fh.write(point.to_json() + "\n")
                fh.flush()
                os.fsync(fh.fileno())
        log.info("audit checkpoint %s", point.to_json())
        return point

    def last_checkpoint(self) -> audit.Checkpoint | None:
        """The newest checkpoint in the file (a line cut short by a crash is skipped), or None."""
        if self.checkpoint_file is None or not self.checkpoint_file.exists():
            return None
        for line in reversed(self.checkpoint_file.read_text(encoding="utf-8").splitlines()):
            try:
                return audit.Checkpoint.from_json(line)
            except (ValueError, KeyError, TypeError):
                continue
        return None

    def _through(self, s: Session, point: audit.Checkpoint) -> audit.Break | None:
        """Why the chain does not pass through the checkpoint, or None."""
        if not point.signed_by(self.signer.public_key()):
            return audit.Break(point.seq, "the checkpoint is not signed by this kiosk")
        if point.seq == 0:       # signed before the first entry
            return None if point.hash == audit.GENESIS else audit.Break(1, "the checkpoint of an empty log is altered")
        row = s.get(AuditEntry, point.seq)
        if row is None:
            return audit.Break(point.seq, f"entry {point.seq} of the checkpoint of {point.at} is missing")
        if row.hash != point.hash:
            return audit.Break(point.seq, f"entry {point.seq} differs from the checkpoint of {point.at}")
        return None

    def _check(self, s: Session) -> Verification:
        head = s.get(AuditHead, 1)
        if head is None:
            return Verification(0, audit.Break(1, "the audit head row is missing"))
        broken = audit.first_break(self.key, self._walk(s, head.seq))
        last = s.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq <= head.seq)
                         .order_by(AuditEntry.seq.desc()).limit(1)).first()
        end = (last.seq, last.hash) if last else (0, audit.GENESIS)
        if broken is None and end[0] != head.seq:
            # The newest entries were cut off the end of the log.
            broken = audit.Break(end[0] + 1, f"entries {end[0] + 1} to {head.seq} are missing")
        elif broken is None and end[1] != head.hash:
            broken = audit.Break(end[0], "the head's hash differs from the last entry's")
        return Verification(end[0], broken, hash=end[1])

    @staticmethod
    def _walk(s: Session, upto: int):
        after = 0
        while after < upto:
            rows = s.scalars(select(AuditEntry).where(AuditEntry.seq > after, AuditEntry.seq <= upto)
                             .order_by(AuditEntry.seq).limit(_BATCH)).all()
            if not rows:
                return
            for r in rows:
                yield audit.Entry(r.seq, r.at, r.actor, r.action, r.subject, r.details, r.prev_hash, r.hash)
            after = rows[-1].seq
            s.expunge_all()
