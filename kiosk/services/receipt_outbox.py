"""Receipts printed from an outbox, so a committed submission always gets its paper receipt.

The submission writes its receipt into the outbox in the same transaction that gives the
number; printing happens after the commit. A kiosk killed in between finds the receipt still
unprinted when it comes back and prints it then. A kill after printing but before the row is
marked prints it a second time: a duplicate slip is better than none.
"""
from __future__ import annotations

import dataclasses
import logging
import threading
from datetime import datetime, timedelta, timezone
from typing import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from devices.printer.base import Receipt, ReceiptLine
from kiosk.storage.db import Database
from kiosk.storage.models import ReceiptOutbox as Row, utcnow

log = logging.getLogger(__name__)

# Print one receipt; returns None when printed, else a message for the citizen (never raises).
PrintFn = Callable[[Receipt], "str | None"]


def receipt_to_json(receipt: Receipt) -> dict:
    return dataclasses.asdict(receipt)


def receipt_from_json(data: dict) -> Receipt:
    return Receipt(title=data["title"], qr=data["qr"],
                   lines=[ReceiptLine(**line) for line in data["lines"]],
                   footer=[ReceiptLine(**line) for line in data["footer"]])


class ReceiptOutbox:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock
        self._printing = threading.Lock()   # one process owns the printer: one slip at a time

    def add(self, s: Session, app_id: int, receipt: Receipt) -> None:
        """Queue the receipt in the caller's transaction (the one that submits)."""
        s.add(Row(application_id=app_id, receipt=receipt_to_json(receipt), created_at=self.clock(), attempts=0))

    def deliver(self, app_id: int, print_receipt: PrintFn) -> str | None:
        """Print the application's receipt unless it was printed already; the citizen's message
        when the printer could not print it (it stays queued)."""
        with self._printing:
            with self.db.session() as s:
                row = s.get(Row, app_id)
                if row is None or row.printed_at is not None:
                    return None
                receipt = receipt_from_json(row.receipt)
            problem = print_receipt(receipt)
            with self.db.session() as s:
                row = s.get(Row, app_id)
                row.attempts += 1
                if problem is None:
                    # Printed: the slip's text (name, QR token) is not kept a second time.
                    row.printed_at, row.receipt, row.last_error = self.clock(), None, None
                else:
                    row.last_error = problem
            return problem

    def deliver_pending(self, print_receipt: PrintFn, max_age: timedelta) -> int:
        """At start-up: print receipts a crash left unprinted; returns how many were printed.

        Only recent ones: a slip printed long after its citizen left would lie in the tray for
        the next one to take.
        """
        cutoff = self.clock() - max_age
        with self.db.session() as s:
            pending = list(s.execute(select(Row.application_id, Row.created_at)
                                     .where(Row.printed_at.is_(None)).order_by(Row.application_id)))
        printed = 0
        for app_id, created_at in pending:
            if _aware(created_at) < cutoff:
                log.warning("receipt of application %s left unprinted: older than %s", app_id, max_age)
                continue
            if self.deliver(app_id, print_receipt) is None:
                printed += 1
        return printed

    def pending(self) -> list[int]:
        """Applications whose receipt has not been printed."""
        with self.db.session() as s:
            return list(s.scalars(select(Row.application_id).where(Row.printed_at.is_(None))))


def _aware(moment: datetime) -> datetime:
    # SQLite hands timezone-aware columns back naive (in UTC).
    return moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)
