"""Time the pre-review on the catalog's example cases: ``python -m kiosk.domain.prereview.bench``.

Prints the median and 95th percentile per application (OCR already done), over every example.
"""
from __future__ import annotations

import argparse
import statistics
import time

from ..catalog import DEFAULT_DIR, load_catalog
from ..catalog.examples import ExampleFile, case_facts
from ..catalog.loader import load_model
from . import review


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--catalog", default=str(DEFAULT_DIR))
    parser.add_argument("--rounds", type=int, default=50)
    args = parser.parse_args(argv)
    catalog = load_catalog(args.catalog)
    cases = []
    for file in sorted((catalog.root / "examples").glob("*.yaml")):
        parsed = load_model(file, ExampleFile, [])
        if parsed is None:
            continue
        example = parsed[0]
        matter = catalog.get(example.matter)
        for case in example.cases:
            cases.append((matter, case_facts(matter.id, example.base, case.patch)))
    timings = []
    for _ in range(args.rounds):
        for matter, facts in cases:
            start = time.perf_counter()
            review(matter, facts)
            timings.append((time.perf_counter() - start) * 1000)
    timings.sort()
    print(f"pre-review of {len(cases)} example applications x {args.rounds} rounds: "
          f"median {statistics.median(timings):.3f} ms, p95 {timings[int(len(timings) * 0.95)]:.3f} ms, "
          f"max {timings[-1]:.3f} ms")


if __name__ == "__main__":
    main()
