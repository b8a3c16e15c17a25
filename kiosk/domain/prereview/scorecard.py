"""Score the pre-review on the adversarial case set: ``python -m kiosk.domain.prereview.scorecard``.

Prints, per part (development, held-out): (a) defective cases that pass (no block or staff
finding) and those approved at once; (b) the share of planted defects a block or staff finding
reports at the right material and page; (c) the share of clean cases flagged; (d) recall per
defect kind; and the engine's time per case (median, 95th percentile; CPU and wall clock).
"""
from __future__ import annotations

import argparse
import statistics
import time
from collections import Counter
from dataclasses import dataclass, field

from ..catalog import DEFAULT_DIR, load_catalog
from . import INSTANT, BLOCKED, review
from .adversarial import PARTS, Case, Defect, generate
from .findings import Finding, Review


@dataclass
class Score:
    part: str
    cases: int = 0
    clean: int = 0
    clean_flagged: list[str] = field(default_factory=list)
    defective: int = 0
    passed: list[str] = field(default_factory=list)      # defective, no block or staff finding
    instant: list[str] = field(default_factory=list)     # defective, approved at once
    found: Counter = field(default_factory=Counter)      # kind -> defects reported at their place
    planted: Counter = field(default_factory=Counter)    # kind -> defects planted
    missed: list[str] = field(default_factory=list)
    timings: list[float] = field(default_factory=list)       # wall clock, ms
    cpu_timings: list[float] = field(default_factory=list)   # this process's CPU time, ms

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.planted.values()))

    @property
    def clean_flag_rate(self) -> float:
        return len(self.clean_flagged) / max(1, self.clean)

    @staticmethod
    def p(timings: list[float], q: float) -> float:
        ordered = sorted(timings)
        return ordered[min(len(ordered) - 1, int(len(ordered) * q))] if ordered else 0.0


def _raised(case: Case, got: Review) -> list[Finding]:
    """Block and staff findings, less the notes on materials the case legitimately defers."""
    return [f for f in got.findings if f.severity in ("block", "staff") and f.material_id not in case.noted]


def reported(defect: Defect, findings: list[Finding], page_counts: dict[str, int]) -> bool:
    """A finding points at one of the defect's places (the material, and its page when it has several)."""
    for mid, page in defect.places:
        for f in findings:
            if mid == "*":
                return True
            if f.material_id != mid:
                continue
            if page is None or f.page == page or (f.page is None and page_counts.get(mid, 0) <= 1):
                return True
    return False


def score(part: str, cases: list[Case], catalog=None) -> Score:
    catalog = catalog or load_catalog(DEFAULT_DIR)
    s = Score(part)
    if cases:   # tables load once per process: not part of a case's time
        review(catalog.get(cases[0].matter_id), cases[0].facts)
    for case in cases:
        matter = catalog.get(case.matter_id)
        start, cpu = time.perf_counter(), time.process_time()
        got = review(matter, case.facts)
        s.timings.append((time.perf_counter() - start) * 1000)
        s.cpu_timings.append((time.process_time() - cpu) * 1000)
        raised = _raised(case, got)
        s.cases += 1
        if case.clean:
            s.clean += 1
            if raised or got.outcome == BLOCKED:
                s.clean_flagged.append(f"{case.id} {case.matter_id}: " + ", ".join(
                    f"{f.rule_id}@{f.material_id}:{f.page}" for f in raised))
            continue
        s.defective += 1
        kinds = "+".join(d.kind for d in case.defects)
        if got.outcome == INSTANT:
            s.instant.append(f"{case.id} {case.matter_id} {kinds}")
        if not raised:
            s.passed.append(f"{case.id} {case.matter_id} {kinds}")
        pages = {mid: len(m.pages) for mid, m in case.facts.materials.items()}
        for d in case.defects:
            s.planted[d.kind] += 1
            if reported(d, raised, pages):
                s.found[d.kind] += 1
            else:
                s.missed.append(f"{case.id} {case.matter_id} {d.kind} at {list(d.places)}; got "
                                + (", ".join(f"{f.rule_id}@{f.material_id}:{f.page}" for f in raised) or "nothing"))
    return s


def report(s: Score, verbose: bool = False) -> str:
    lines = [
        f"== {s.part}: {s.cases} cases, {s.clean} clean, {s.defective} with planted defects "
        f"({sum(s.planted.values())} defects of {len(s.planted)} kinds)",
        f"(a) defective cases passing: {len(s.passed)}; approved at once: {len(s.instant)}",
        f"(b) planted defects reported at the right material and page: {s.recall:.1%}",
        f"(c) clean cases flagged: {len(s.clean_flagged)}/{s.clean} = {s.clean_flag_rate:.1%}",
        "(d) recall per kind:",
    ]
    for kind in sorted(s.planted):
        lines.append(f"    {kind:38s} {s.found[kind]:3d}/{s.planted[kind]:3d}  {s.found[kind] / s.planted[kind]:.0%}")
    # CPU time is the engine's own cost; wall time also holds waits for a busy machine's cores.
    lines.append(f"engine time per case: CPU median {statistics.median(s.cpu_timings):.3f} ms, "
                 f"p95 {s.p(s.cpu_timings, 0.95):.3f} ms; wall median {statistics.median(s.timings):.3f} ms, "
                 f"p95 {s.p(s.timings, 0.95):.3f} ms")
    if verbose:
        lines += ["passing: " + x for x in s.passed] + ["approved at once: " + x for x in s.instant]
        lines += ["missed: " + x for x in s.missed] + ["clean flagged: " + x for x in s.clean_flagged]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=[*PARTS, "both"], default="both")
    parser.add_argument("--count", type=int, default=640, help="cases per part")
    parser.add_argument("--catalog", default=str(DEFAULT_DIR))
    parser.add_argument("-v", "--verbose", action="store_true", help="list every miss and false flag")
    args = parser.parse_args(argv)
    catalog = load_catalog(args.catalog)
    for part in PARTS if args.part == "both" else (args.part,):
        print(report(score(part, generate(part, args.count), catalog), args.verbose))


if __name__ == "__main__":
    main()
