"""Database engine and sessions. SQLite (WAL, foreign keys on) by default; PostgreSQL via URL.

SQLite runs ``synchronous=FULL``: every commit is on disk before it returns, so a receipt printed
after a commit never names a submission a power cut rolled back (``kiosk.storage.durability_bench``
measures what that costs). ``secure_delete`` zeroes deleted rows in place, and ``forget_deleted``
checkpoints the WAL so no earlier copy of those pages stays behind in it.
"""
from __future__ import annotations

import logging
from contextlib import contextmanager
from typing import Iterator

from sqlalchemy import create_engine, event
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

from kiosk.storage import personal

log = logging.getLogger(__name__)


def make_engine(url: str, synchronous: str = "FULL") -> Engine:
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})

        @event.listens_for(engine, "connect")
        def _sqlite_pragmas(dbapi_conn, _record):
            # WAL lets the OCR worker write while pages read; foreign keys are off by default in SQLite.
            cur = dbapi_conn.cursor()
            cur.execute("PRAGMA journal_mode=WAL")
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute(f"PRAGMA synchronous={synchronous}")
            cur.execute("PRAGMA secure_delete=ON")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


class Database:
    """Owns the engine and hands out sessions; one per app.

    ``data_kek`` wraps the data keys of personal fields (kiosk.storage.personal); a database opened
    without it can read and write everything but those.
    """

    def __init__(self, url: str, data_kek: bytes | None = None, synchronous: str = "FULL"):
        self.url = url
        self.engine = make_engine(url, synchronous)
        self._sessions = sessionmaker(self.engine, expire_on_commit=False, info={personal.KEK: data_kek})
        event.listen(self._sessions, "before_flush", personal.seal_before_flush)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A unit of work: committed when the block ends, rolled back on any error."""
        session = self._sessions()
        try:
            yield session
            session.commit()
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def forget_deleted(self) -> None:
        """Move every committed page into the database file and empty the WAL (SQLite), so rows just
        deleted (with secure_delete, zeroed) leave no earlier copy behind. A no-op on PostgreSQL."""
        if self.engine.dialect.name != "sqlite":
            return
        with self.engine.connect() as conn:
            busy, _log, _moved = conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)").one()
        if busy:
            log.warning("WAL checkpoint after a deletion was blocked by a reader; the next one completes it")

    def dispose(self) -> None:
        self.engine.dispose()
