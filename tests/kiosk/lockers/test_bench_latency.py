"""Smoke test of the locker latency benchmark: it runs whole hand-ins and prints its figures."""
from __future__ import annotations

import re
import sys

from tests.kiosk.lockers import bench_latency


def test_the_benchmark_prints_both_figures(monkeypatch, capsys):
    monkeypatch.setattr(sys, "argv", ["bench_latency", "--poll", "0.1", "--rounds", "2"])
    bench_latency.main()
    lines = capsys.readouterr().out.splitlines()
    assert [line.split("  ")[0] for line in lines] == ["unlock and confirm", "door shut -> deposit recorded"]
    assert all(re.search(r"median +\d+ ms +p95 +\d+ ms +\(2 hand-ins", line) for line in lines)
