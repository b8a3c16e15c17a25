"""Timing helpers the device benchmarks share: they print figures, they never assert."""
from __future__ import annotations

import statistics
import time
from typing import Callable


def timed(action: Callable[[], object], rounds: int) -> list[float]:
    """Milliseconds of each of ``rounds`` calls of ``action``."""
    timings = []
    for _ in range(rounds):
        start = time.perf_counter()
        action()
        timings.append((time.perf_counter() - start) * 1000)
    return timings


def figures(label: str, timings_ms: list[float], digits: int = 2) -> str:
    """One line: median and 95th percentile."""
    timings_ms = sorted(timings_ms)
    p95 = timings_ms[min(len(timings_ms) - 1, int(len(timings_ms) * 0.95))]
    return (f"{label}: median {statistics.median(timings_ms):.{digits}f} ms, "
            f"p95 {p95:.{digits}f} ms (n={len(timings_ms)})")
