"""Time the audit log: ``python -m kiosk.services.audit_bench [--database URL]``.

Appends entries from several threads at once into a scratch database (a temporary SQLite file
unless a URL is given; the URL's schema is migrated and the audit tables must be empty), then
verifies the whole chain. Prints appends per second, the median and 95th percentile of one
append, and the verification rate.
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import threading
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.services.audit import AuditLog
from kiosk.storage.db import Database
from kiosk.storage.migrate import upgrade


def run(url: str, writers: int, entries: int) -> str:
    db = Database(url)
    upgrade(db.engine)
    log = AuditLog(db, key=secrets.token_bytes(32), signer=Ed25519PrivateKey.generate())
    per_writer = max(1, entries // writers)
    timings: list[float] = []
    lock = threading.Lock()
    barrier = threading.Barrier(writers)

    def write(n: int) -> None:
        mine = []
        barrier.wait()
        for i in range(per_writer):
            start = time.perf_counter()
            log.record(f"staff:bench{n}", "bench", f"application:{i}", {"i": i, "reason": "抽样核查"})
            mine.append((time.perf_counter() - start) * 1000)
        with lock:
            timings.extend(mine)

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    appended = time.perf_counter() - start
    start = time.perf_counter()
    result = log.verify()
    verified = time.perf_counter() - start
    db.dispose()
    timings.sort()
    return (f"{db.engine.dialect.name}: {len(timings)} appends by {writers} writers in {appended:.2f} s "
            f"({len(timings) / appended:.0f}/s), one append median {statistics.median(timings):.2f} ms "
            f"p95 {timings[int(len(timings) * 0.95)]:.2f} ms; verify {result.entries} entries "
            f"{'intact' if result.ok else 'BROKEN'} in {verified:.2f} s ({result.entries / verified:.0f}/s)")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database", default=None, help="SQLAlchemy URL of an empty scratch database")
    parser.add_argument("--writers", type=int, default=4)
    parser.add_argument("--entries", type=int, default=2000)
    args = parser.parse_args(argv)
    if args.database:
        print(run(args.database, args.writers, args.entries))
        return
    with tempfile.TemporaryDirectory() as tmp:
        print(run(f"sqlite:///{Path(tmp) / 'bench.sqlite3'}", args.writers, args.entries))


if __name__ == "__main__":
    main()
