"""How fast the pipeline reads on this machine: ``python -m ocr.speed``.

Renders ID cards (portrait side) and A4 lease contracts on the fly (ocr.synth), JPEG-encodes
them as a camera upload would be, and reads each with DocumentPipeline. Prints median and
p95 per document kind and capture variant, the median of every stage, how often the card
fast path held, and how many fields came out exactly as printed. The machine's other load
shows in wall time; the CPU time per read (all threads) shows it much less.
"""
from __future__ import annotations

import argparse
import os
import statistics
import time
from collections import defaultdict

import cv2

from ocr import doctypes, synth
from ocr.engines import load_engine
from ocr.pipeline import DocumentPipeline, PipelineSettings

KINDS = {"id_card": doctypes.ID_CARD_FRONT, "a4": doctypes.LEASE_CONTRACT}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(pipeline: DocumentPipeline, doc_type: str, variants: list[str], samples: int) -> dict:
    times, stages, cpu_times, exact, total, fast = defaultdict(list), defaultdict(list), [], 0, 0, 0
    for variant in variants:
        for seed in range(samples):
            rendered = synth.render(doc_type, seed, variant)
            upload = cv2.imencode(".jpg", rendered.image, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes()
            start, cpu = time.perf_counter(), time.process_time()
            reading = pipeline.read(upload)
            times[variant].append((time.perf_counter() - start) * 1000)
            cpu_times.append((time.process_time() - cpu) * 1000)
            for stage, ms in reading.timings.items():
                stages[stage].append(ms)
            fast += reading.ocr.engine.endswith("+card-layout")
            for name, value in rendered.fields.items():
                total += 1
                exact += name in reading.fields and reading.fields[name].value == value
    return {"times": times, "stages": stages, "cpu": cpu_times, "exact": exact, "total": total, "fast": fast}


def report(kind: str, result: dict) -> None:
    everything = [t for ts in result["times"].values() for t in ts]
    print(f"{kind}: median {statistics.median(everything):.0f} ms, p95 {percentile(everything, 0.95):.0f} ms,"
          f" fastest {min(everything):.0f} ms"
          f" over {len(everything)} reads (CPU time median {statistics.median(result['cpu']):.0f} ms"
          f" across threads); fields exact {result['exact']}/{result['total']};"
          f" card fast path held {result['fast']}/{len(everything)}")
    for variant, ts in result["times"].items():
        print(f"  {variant:<13} median {statistics.median(ts):6.0f} ms  p95 {percentile(ts, 0.95):6.0f} ms")
    print("  stages (median ms): " + ", ".join(
        f"{stage} {statistics.median(ms):.0f}" for stage, ms in result["stages"].items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--engine", default="rapidocr")
    parser.add_argument("--samples", type=int, default=10, help="documents per kind and variant")
    parser.add_argument("--variants", default="clean,desk,perspective,jpeg",
                        help="comma-separated ocr.synth variants")
    parser.add_argument("--kinds", default="id_card,a4", help="comma-separated: id_card, a4")
    parser.add_argument("--no-fast-path", action="store_true", help="read cards with full detection")
    parser.add_argument("--det-limit", type=int, help="rapidocr detection input size (long side)")
    parser.add_argument("--threads", type=int, help="onnxruntime threads (rapidocr)")
    args = parser.parse_args(argv)
    options = {name: value for name, value in (("det_limit_side_len", args.det_limit),
                                               ("threads", args.threads)) if value}
    pipeline = DocumentPipeline(load_engine(args.engine, **options),
                                PipelineSettings(card_fast_path=not args.no_fast_path))
    variants = args.variants.split(",")
    for doc_type in KINDS.values():   # load models, grow onnxruntime's memory arena
        pipeline.read(synth.render(doc_type, 999).image)
    for kind in args.kinds.split(","):
        report(kind, measure(pipeline, KINDS[kind], variants, args.samples))
    # Other work on the machine inflates wall times; say how busy it was.
    print("load average (1, 5, 15 min): " + ", ".join(f"{v:.1f}" for v in os.getloadavg()))


if __name__ == "__main__":
    main()
