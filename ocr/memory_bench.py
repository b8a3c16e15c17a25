"""Resident memory across large uploads: the capped decoder, then full page reads.

    .venv/bin/python -m ocr.memory_bench [--uploads 100] [--reads 100]

The uploads are near-limit (39.99 MP) photos of a synthetic A4 page, as JPEG and PNG. Prints
the process's resident size (RSS) and peak (VmHWM) after the first upload and every so often,
so a climb shows; then how far one decode raises a fresh process's peak, with the capped decoder
and decoding every pixel (as the simulation panel did), for the ratio.
"""
from __future__ import annotations

import argparse
import subprocess
import sys
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
    print("peak growth of one decode in a fresh process (VmHWM):")
    for fmt, data in files.items():
        print(f"  {fmt}: capped decoder {_fresh_peak(data, CAPPED)} MB, "
              f"every pixel with one copy {_fresh_peak(data, FULL)} MB")


CAPPED = "from ocr.imaging import decode_image as decode\n"
FULL = ("import cv2, numpy as np\n"
        "def decode(data):\n"
        "    return cv2.cvtColor(cv2.imdecode(np.frombuffer(data, np.uint8), cv2.IMREAD_COLOR), cv2.COLOR_BGR2RGB)\n")


def _fresh_peak(data: bytes, decoder: str) -> int:
    """How far decoding ``data`` raises the peak resident size of a new process, in MB."""
    script = decoder + (
        "import sys\n"
        "def peak():\n"
        "    return next(int(l.split()[1]) for l in open('/proc/self/status') if l.startswith('VmHWM'))\n"
        "data = sys.stdin.buffer.read()\n"
        "before = peak()\n"
        "decode(data)\n"
        "print((peak() - before) // 1024)\n")
    return int(subprocess.run([sys.executable, "-c", script], input=data, capture_output=True, check=True).stdout)

if __name__ == "__main__":
    main()
