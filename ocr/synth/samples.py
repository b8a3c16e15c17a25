"""Write the sample documents of tests/samples: ``python -m ocr.synth.samples [FOLDER]``.

One image per document type (plus camera-style variants of the ID card) with ``<name>.json``
holding the fields extraction must give and the printed lines with their boxes, so the samples
can be regenerated whenever the renderers change.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

import cv2

from ocr.synth import CLEAN, RENDERERS, render
from ocr import doctypes

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "tests" / "samples"
SEED = 2024
EXTRA = ((doctypes.ID_CARD_FRONT, "desk"), (doctypes.ID_CARD_FRONT, "glare"), (doctypes.ID_CARD_BACK, "desk"),
         (doctypes.PASSPORT, "desk"))
JPEG_QUALITY = 80   # keeps the whole set under 3 MB; the text stays sharp at this quality


def write_samples(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    written = []
    for doc_type, variant in [(t, CLEAN) for t in RENDERERS] + list(EXTRA):
        rendered = render(doc_type, SEED, variant)
        target = folder / doc_type
        target.mkdir(parents=True, exist_ok=True)
        name = f"synthetic_{variant}"
        image_path = target / f"{name}.jpg"
        cv2.imwrite(str(image_path), rendered.image, [cv2.IMWRITE_JPEG_QUALITY, JPEG_QUALITY])
        truth = {"source": f"ocr.synth.render({doc_type!r}, {SEED}, {variant!r})", "variant": variant,
                 "fields": rendered.fields, "lines": rendered.lines, "boxes": rendered.boxes}
        (target / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
        written.append(image_path)
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER):
        print(path)
