"""The tamper-evident audit log: every state change and every staff action, hash-chained.

Appending locks the single ``audit_head`` row first (an UPDATE), so concurrent writers on SQLite
(one writer at a time) and PostgreSQL (row lock held to commit) line up behind each other and the
chain never forks; the unique ``seq`` and ``prev_hash`` columns are the backstop.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from kiosk.domain import audit
from kiosk.storage.db import Database
from kiosk.storage.models import AuditEntry, AuditHead, utcnow

log = logging.getLogger(__name__)

# How many rows verify() reads per round trip: the chain is walked without loading it whole.
_BATCH = 2000


class AuditError(Exception):
    """The audit log cannot be appended to (its head row is missing: the schema is not migrated)."""


@dataclass(frozen=True)
class Verification:
    """The outcome of walking the chain."""

    entries: int                    # the length of the chain checked (up to the head)
    broken: audit.Break | None

    @property
    def ok(self) -> bool:
        return self.broken is None


class AuditLog:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock

    def append(self, s: Session, actor: str, action: str, subject: str, details: dict | None = None,
               at: datetime | None = None) -> AuditEntry:
        """Append within the caller's transaction: the entry commits (or rolls back) with the change it records."""
        locked = s.execute(update(AuditHead).where(AuditHead.id == 1).values(seq=AuditHead.seq + 1)
                           .execution_options(synchronize_session=False))
        if locked.rowcount != 1:
            raise AuditError("audit_head row missing: run `flask init-db`")
        seq, prev_hash = s.execute(select(AuditHead.seq, AuditHead.hash).where(AuditHead.id == 1)).one()
        sealed = audit.seal(seq, audit.timestamp(at or self.clock()), actor, action, subject, details, prev_hash)
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

    def verify(self) -> Verification:
        """Recompute every hash in seq order up to the head, which must point at the last entry.

        The head is read first, so entries appended while the walk runs are left for the next check
        instead of being mistaken for a mismatch.
        """
        with self.db.session() as s:
            head = s.get(AuditHead, 1)
            if head is None:
                return Verification(0, audit.Break(1, "the audit head row is missing"))
            broken = audit.first_break(self._walk(s, head.seq))
            last = s.execute(select(AuditEntry.seq, AuditEntry.hash).where(AuditEntry.seq <= head.seq)
                             .order_by(AuditEntry.seq.desc()).limit(1)).first()
        end = (last.seq, last.hash) if last else (0, audit.GENESIS)
        if broken is None and end[0] != head.seq:
            # The newest entries were cut off the end of the log.
            broken = audit.Break(end[0] + 1, f"entries {end[0] + 1} to {head.seq} are missing")
        elif broken is None and end[1] != head.hash:
            broken = audit.Break(end[0], "the head's hash differs from the last entry's")
        return Verification(end[0], broken)

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
