"""Resident memory across large uploads: the capped decoder, then full page reads.

    .venv/bin/python -m ocr.memory_bench [--uploads 100] [--reads 100]

The uploads are near-limit (39.99 MP) photos of a synthetic A4 page, as JPEG and PNG. Prints
the process's resident size (RSS) and peak (VmHWM) after the first upload and every so often,
so a climb shows; then, in the same run, the peak of one full-size decode as the decoder did it
before (every pixel, then copies), for the ratio.
"""
from __future__ import annotations

import argparse
import time

import cv2
import numpy as np

from ocr import imaging
from ocr.synth import render

NEAR_LIMIT = (7744, 5164)


def _status(key: str) -> int:
    with open("/proc/self/status") as fh:
        return next(int(line.split()[1]) // 1024 for line in fh if line.startswith(key))


def uploads() -> dict[str, bytes]:
    page = cv2.resize(render("lease_contract", 1).image, NEAR_LIMIT, interpolation=cv2.INTER_CUBIC)
    out = {"JPEG": cv2.imencode(".jpg", page, [cv2.IMWRITE_JPEG_QUALITY, 90])[1].tobytes(),
           "PNG": cv2.imencode(".png", page, [cv2.IMWRITE_PNG_COMPRESSION, 1])[1].tobytes()}
    del page
    return out


def report(label: str, n: int, started: float) -> None:
    print(f"  {label:>6} {n:4d}: RSS {_status('VmRSS'):5d} MB   peak {_status('VmHWM'):5d} MB"
          f"   {time.perf_counter() - started:6.1f} s", flush=True)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--uploads", type=int, default=100, help="decodes per format")
    parser.add_argument("--reads", type=int, default=100, help="full page reads (OCR) of the JPEG")
    args = parser.parse_args()
    files = uploads()
    print(f"uploads: {NEAR_LIMIT[0]}×{NEAR_LIMIT[1]} px, " +
          ", ".join(f"{fmt} {len(data) / 1e6:.1f} MB" for fmt, data in files.items()))
    print(f"start: RSS {_status('VmRSS')} MB")
    marks = {1, 10, 25, 50, 100, 200}
    for fmt, data in files.items():
        started = time.perf_counter()
        for n in range(1, args.uploads + 1):
            frame = imaging.decode_image(data)
            del frame
            if n in marks or n == args.uploads:
                report(fmt, n, started)
    if args.reads:
        from ocr.engines import load_engine
        from ocr.pipeline import DocumentPipeline, PipelineSettings
        pipeline = DocumentPipeline(load_engine("rapidocr"), PipelineSettings())
        print(f"engine loaded: RSS {_status('VmRSS')} MB")
        started = time.perf_counter()
        for n in range(1, args.reads + 1):
            reading = pipeline.read(files["JPEG"])
            del reading
            if n in marks or n % 10 == 0 or n == args.reads:
                report("read", n, started)
    before = _status("VmHWM")
    full = cv2.cvtColor(np.asarray(cv2.imdecode(np.frombuffer(files["PNG"], np.uint8), cv2.IMREAD_COLOR)),
                        cv2.COLOR_BGR2RGB)
    print(f"one full-size decode with a copy, for comparison: {full.shape[1]}×{full.shape[0]} px, "
          f"peak {_status('VmHWM')} MB (was {before} MB)")


if __name__ == "__main__":
    main()
