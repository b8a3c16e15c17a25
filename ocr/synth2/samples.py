"""Write the capture samples of tests/samples2: ``python -m ocr.synth2.samples [FOLDER]``.

A few captures of the development split (never the test split), each as the JPEG the camera
gave with ``<name>.json`` holding its fields, whether a reader must accept it, and how it was
taken, so tests can check extraction and the quality gate on them.
"""
from __future__ import annotations

import json
import sys
from pathlib import Path

from ocr import doctypes
from ocr.synth2 import make, plan

DEFAULT_FOLDER = Path(__file__).resolve().parents[2] / "tests" / "samples2"
# (doc_type, setting, defect, wanted in the capture's record or fields)
CHOSEN = (
    (doctypes.ID_CARD_FRONT, "table", None, ("thumb", True)),
    (doctypes.ID_CARD_FRONT, "table", None, ("thumb", False)),
    (doctypes.ID_CARD_FRONT, None, "cut", None),
    (doctypes.ID_CARD_FRONT, None, "glare", None),
    (doctypes.BUSINESS_LICENCE, "gaopaiyi", None, ("business_type", "个体工商户")),
    (doctypes.BUSINESS_LICENCE, "table", None, ("composition", None)),
    (doctypes.HUKOU_MEMBER, "table", None, None),
    (doctypes.HUKOU_MEMBER, None, "motion", None),
    (doctypes.PASSPORT, "gaopaiyi", None, None),
)


def _matches(capture, wanted) -> bool:
    if wanted is None:
        return True
    key, value = wanted
    return capture.info.get(key, capture.fields.get(key)) == value


def write_samples(folder: Path = DEFAULT_FOLDER) -> list[Path]:
    written = []
    items = plan("dev")
    for doc_type, setting, defect, wanted in CHOSEN:
        for item in items:
            if item[0] != doc_type or item[2] != defect or (setting and item[1] != setting):
                continue
            capture = make("dev", *item)
            if not _matches(capture, wanted):
                continue
            target = folder / doc_type
            target.mkdir(parents=True, exist_ok=True)
            name = capture.name.split("/")[-1]
            (target / f"{name}.jpg").write_bytes(capture.data)
            truth = {"source": f"ocr.synth2.make('dev', {', '.join(map(repr, item))})", "good": capture.good,
                     "defect": capture.defect, "setting": capture.setting, "fields": capture.fields,
                     "capture": {k: v for k, v in capture.info.items() if k != "corners"}}
            (target / f"{name}.json").write_text(json.dumps(truth, ensure_ascii=False, indent=1) + "\n", "utf-8")
            written.append(target / f"{name}.jpg")
            break
    return written


if __name__ == "__main__":
    for path in write_samples(Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_FOLDER):
        print(path)
