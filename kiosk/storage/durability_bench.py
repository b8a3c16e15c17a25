"""What ``synchronous=FULL`` costs: ``python -m kiosk.storage.durability_bench [--commits N]``.

Runs the commit a submission makes (the application row, its sealed fields, a transition and an
audit entry) N times into a scratch SQLite file on the disk of the working folder, once with
``synchronous=NORMAL`` and once with ``FULL``, interleaved in rounds so both see the same disk,
and prints the median and 95th percentile of one commit and the ratio of the medians.
"""
from __future__ import annotations

import argparse
import secrets
import statistics
import tempfile
import time
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from kiosk.services.audit import AuditLog
from kiosk.storage.db import Database
from kiosk.storage.migrate import upgrade
from kiosk.storage.models import Application, Transition

MODES = ("NORMAL", "FULL")


def one_commit(db: Database, log: AuditLog, n: int) -> float:
    start = time.perf_counter()
    with db.session() as s:
        app = Application(number=f"20261204{n:06d}", access_token=secrets.token_urlsafe(24), matter_id="bench",
                          terminal_id="K01", state="submitted", applicant_name="张三",
                          card={"id_number": "330106199001011234"}, form={"phone": "13812345678"})
        s.add(app)
        s.flush()
        s.add(Transition(application_id=app.id, from_state="prereviewed", to_state="submitted", actor="citizen"))
        log.append(s, "citizen", "state", f"application:{app.id}", {"to": "submitted"})
    return (time.perf_counter() - start) * 1000


def run(folder: Path, commits: int, rounds: int = 5) -> str:
    setups = {}
    for mode in MODES:
        db = Database(f"sqlite:///{folder / f'{mode}.sqlite3'}", data_kek=secrets.token_bytes(32), synchronous=mode)
        upgrade(db.engine)
        setups[mode] = (db, AuditLog(db, key=secrets.token_bytes(32), signer=Ed25519PrivateKey.generate()))
    timings: dict[str, list[float]] = {mode: [] for mode in MODES}
    n = 0
    for _ in range(rounds):
        for mode in MODES:
            db, log = setups[mode]
            for _ in range(max(1, commits // rounds)):
                n += 1
                timings[mode].append(one_commit(db, log, n))
    for db, _log in setups.values():
        db.dispose()
    lines = []
    for mode in MODES:
        t = sorted(timings[mode])
        lines.append(f"synchronous={mode:<6} {len(t)} commits: median {statistics.median(t):.2f} ms, "
                     f"p95 {t[int(len(t) * 0.95)]:.2f} ms")
    ratio = statistics.median(timings["FULL"]) / statistics.median(timings["NORMAL"])
    lines.append(f"FULL / NORMAL median ratio: {ratio:.2f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300, help="commits per mode")
    parser.add_argument("--dir", default=".", help="a folder on the disk to measure (default: here)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(dir=args.dir) as tmp:
        print(run(Path(tmp), args.commits))


if __name__ == "__main__":
    main()
