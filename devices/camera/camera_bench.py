"""Time the document camera path: ``python -m devices.camera.camera_bench``.

Prints the frame rate the real OpenCV driver gets from the simulator's MJPEG stream, the
delay from a document being laid down (``show``) to the first frame with it, JPEG encoding of
a live-view frame, and a scanned A4 PDF page from the hot folder (drop → page out).
"""
from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path

import numpy as np
from PIL import Image

from devices.camera.frames import encode_jpeg
from devices.camera.hotfolder import HotFolderSource
from devices.camera.opencv_camera import OpenCvCamera
from devices.camera.simulator import CameraSimulator
from devices.benchmarks import figures



def _document(value: int) -> np.ndarray:
    return np.full((600, 900, 3), value, np.uint8)


def bench_stream(width: int, height: int, fps: float, seconds: float, rounds: int) -> list[str]:
    sim = CameraSimulator(width=width, height=height, fps=fps).start()
    camera = OpenCvCamera("bench", source=sim.url)
    try:
        camera.open()
        first = camera.wait_frame(0, 5)
        time.sleep(seconds)
        last = camera.wait_frame(first.number, 5)
        rate = (last.number - first.number) / (last.timestamp - first.timestamp)
        delays = []
        for i in range(rounds):
            value = 40 + (i % 2) * 160
            start = time.monotonic()
            sim.show(_document(value))
            seen = camera.frame_count
            while True:
                frame = camera.wait_frame(seen, 5)
                seen = frame.number
                if abs(int(frame.image[height // 2, width // 2, 0]) - value) < 20:
                    break
            delays.append((frame.timestamp - start) * 1000)
        image = camera.latest_frame()
        encode = []
        for _ in range(rounds):
            start = time.perf_counter()
            encode_jpeg(image, 80)
            encode.append((time.perf_counter() - start) * 1000)
        return [f"stream {width}x{height} at {fps:g} fps: driver receives {rate:.1f} frames/s",
                figures(f"show → first frame with the document ({width}x{height})", delays),
                figures(f"JPEG q80 of a {width}x{height} frame", encode)]
    finally:
        camera.stop()
        sim.stop()


def bench_hotfolder(rounds: int, dpi: int) -> str:
    page = io.BytesIO()
    Image.new("RGB", (595, 842), (240, 240, 240)).save(page, "PDF", resolution=72)  # A4 in points
    with tempfile.TemporaryDirectory() as folder:
        source = HotFolderSource("bench", folder=folder, poll=0.02, settle=0.05, dpi=dpi)
        source.open()
        timings = []
        try:
            for i in range(rounds):
                start = time.monotonic()
                partial = Path(folder, f"scan{i}.pdf.part")
                partial.write_bytes(page.getvalue())
                os.replace(partial, Path(folder, f"scan{i}.pdf"))
                source.next_page(timeout=10)
                timings.append((time.monotonic() - start) * 1000)
        finally:
            source.stop()
    return figures(f"hot folder: A4 PDF page at {dpi} dpi, drop → page (settle 50 ms)", timings)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=3.0, help="how long to count frames")
    args = parser.parse_args()
    for width, height, fps in ((1024, 768, 15), (1920, 1440, 10)):
        for line in bench_stream(width, height, fps, args.seconds, args.rounds):
            print(line)
    print(bench_hotfolder(args.rounds, 200))


if __name__ == "__main__":
    main()
