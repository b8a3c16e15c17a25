"""Smoke test of the locker benchmark: it runs and measures both figures."""
from __future__ import annotations

from devices.locker.bench import measure


def test_bench_measures_reads_and_unlocks():
    figures = measure("lock-wkly", rounds=2)
    assert sorted(figures) == ["states() ms", "unlock_and_confirm() ms"]
    assert all(len(values) == 2 and min(values) > 0 for values in figures.values())
