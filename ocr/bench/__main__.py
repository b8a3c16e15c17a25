"""Command line of the OCR benchmark (see ocr.bench)."""
from __future__ import annotations

import argparse
import json
import os
import sys
import time

from ocr.bench import corpus, report
from ocr.bench.runner import engine_reader, pipeline_reader, run

SYSTEMS = ("pipeline", "ppocr", "tesseract")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ocr.bench", description=__doc__)
    parser.add_argument("--quick", action="store_true",
                        help="one person per type; ID cards in every variant, other pages clean (< 3 min)")
    parser.add_argument("--seeds", type=int, default=None, help="synthetic people per type (default 1 quick, 3 full)")
    parser.add_argument("--systems", default=",".join(SYSTEMS), help=f"comma-separated subset of {SYSTEMS}")
    parser.add_argument("--types", help="comma-separated document types (default: all)")
    parser.add_argument("--variants", help="comma-separated capture variants (default: see --quick)")
    parser.add_argument("--no-samples", action="store_true", help="leave out tests/samples")
    parser.add_argument("--json", metavar="PATH", help="also write every figure and outcome as JSON")
    parser.add_argument("--corpus", choices=("1", "2"), default="1",
                        help="1: ocr.synth and tests/samples (default); 2: the camera captures of ocr.synth2")
    parser.add_argument("--split", choices=("dev", "test"), default="dev", help="corpus 2: which split")
    args = parser.parse_args(argv)
    # Tesseract's OpenMP threads make it 5–7× slower on 2 cores (ocr.md); set before it starts.
    os.environ.setdefault("OMP_THREAD_LIMIT", "1")
    if args.corpus == "2":
        return _captures(args.split, _names(args.types), args.json)
    systems = [s.strip() for s in args.systems.split(",") if s.strip()]
    unknown = set(systems) - set(SYSTEMS)
    if unknown:
        parser.error(f"unknown systems: {', '.join(sorted(unknown))}")
    seeds = args.seeds or (1 if args.quick else 3)
    types = _names(args.types)
    samples = [] if args.no_samples else [d for d in corpus.samples() if not types or d.doc_type in types]
    # Quick: a page type the samples already show clean is not rendered clean once more.
    covered = {d.doc_type for d in samples if d.variant == corpus.CLEAN} if args.quick else set()
    documents = [d for d in corpus.synthetic(args.quick, seeds, types, _names(args.variants))
                 if d.doc_type in corpus.CARD_TYPES or d.doc_type not in covered] + samples
    if not documents:
        parser.error("no documents match --types / --variants")
    print(f"{len(documents)} documents, systems: {', '.join(systems)}", file=sys.stderr)

    outcomes = []
    for system in systems:
        reader = _reader(system)
        warm = documents[0].image
        reader(warm)   # model loading and first-call set-up are not what a citizen waits for
        start = time.perf_counter()
        outcomes += run(system, reader, documents)
        print(f"{system}: {time.perf_counter() - start:.0f} s", file=sys.stderr)

    table = report.aggregate(outcomes)
    ratio_table = report.ratios(table)
    target_rows = report.targets(table)
    print(report.markdown(table, ratio_table, target_rows))
    if args.json:
        with open(args.json, "w", encoding="utf-8") as out:
            json.dump({"summary": table, "ratios": ratio_table, "targets": target_rows,
                       "outcomes": [o.as_dict() for o in outcomes]}, out, ensure_ascii=False, indent=1)
    return 0


def _captures(split: str, types: list[str] | None, json_path: str | None) -> int:
    from ocr import synth2
    from ocr.bench import captures
    from ocr.engines import load_engine
    from ocr.pipeline import DocumentPipeline

    engine = load_engine("rapidocr")
    pipeline = DocumentPipeline(engine)
    items = list(synth2.captures(split, types))
    print(f"{len(items)} captures ({split} split), pipeline and raw engine", file=sys.stderr)
    pipeline.read(items[0].data)   # model loading and first-call set-up
    start = time.perf_counter()
    outcomes = captures.run(pipeline, engine, items)
    print(f"{time.perf_counter() - start:.0f} s; load average {os.getloadavg()[0]:.1f}", file=sys.stderr)
    table = captures.summarise(outcomes)
    rows = captures.targets(table)
    print(captures.markdown(table, rows))
    if json_path:
        with open(json_path, "w", encoding="utf-8") as out:
            json.dump(captures.as_json(table, rows, outcomes), out, ensure_ascii=False, indent=1)
    return 0


def _names(text: str | None) -> list[str] | None:
    return [n.strip() for n in text.split(",") if n.strip()] if text else None


def _reader(system: str):
    from ocr.engines import load_engine

    if system == "pipeline":
        from ocr.pipeline import DocumentPipeline

        return pipeline_reader(DocumentPipeline(load_engine("rapidocr")))
    return engine_reader(load_engine("rapidocr" if system == "ppocr" else "tesseract"))


if __name__ == "__main__":
    sys.exit(main())
