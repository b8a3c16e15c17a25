"""A commit is on disk when it returns: a receipt is printed only for a submission a power cut keeps."""
from __future__ import annotations

import threading

from kiosk.storage.durability_bench import run

FULL = 2     # PRAGMA synchronous: 0 OFF, 1 NORMAL, 2 FULL, 3 EXTRA


def test_every_connection_syncs_each_commit(app):
    db = app.extensions["kiosk"].db
    seen = []

    def connect():
        with db.engine.connect() as conn:
            seen.append(conn.exec_driver_sql("PRAGMA synchronous").scalar())

    threads = [threading.Thread(target=connect) for _ in range(3)]   # pooled connections of other threads too
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    connect()
    assert seen == [FULL] * 4


def test_the_durability_benchmark_prints_both_modes_and_their_ratio(tmp_path):
    report = run(tmp_path, commits=10, rounds=2)
    assert "synchronous=NORMAL" in report and "synchronous=FULL" in report and "ratio" in report
