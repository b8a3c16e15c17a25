"""Camera captures of the second corpus (tests/samples2, from ocr.synth2's development split)
read by the whole pipeline: good ones accepted with their fields, bad ones refused for the
right reason."""
import json
from pathlib import Path

import pytest

from ocr.pipeline import DocumentPipeline
from tests.ocr.samples_helpers import engine

SAMPLES2 = Path(__file__).resolve().parents[1] / "samples2"
CASES = sorted(SAMPLES2.glob("*/*.json"))
REASON = {"cut": "in_frame", "glare": "glare", "motion": "sharpness", "small": "resolution"}


@pytest.fixture(scope="module")
def pipeline():
    return DocumentPipeline(engine())


def test_there_are_good_and_bad_captures():
    truths = [json.loads(p.read_text("utf-8")) for p in CASES]
    assert {t["good"] for t in truths} == {True, False}


@pytest.mark.slow
@pytest.mark.parametrize("path", CASES, ids=[f"{p.parent.name}/{p.stem}" for p in CASES])
def test_capture_is_accepted_and_read_or_refused_for_its_fault(pipeline, path):
    truth = json.loads(path.read_text("utf-8"))
    reading = pipeline.read(path.with_suffix(".jpg").read_bytes())
    failed = {c.code: c for c in reading.quality.failed()}
    if truth["good"]:
        assert not failed, failed
        assert reading.doc_type == path.parent.name
        assert {n: f.value for n, f in reading.fields.items() if n in truth["fields"]} == truth["fields"]
    else:
        assert REASON[truth["defect"]] in failed, failed
        for number in ("id_number", "uscc", "document_number"):
            if number in reading.fields and reading.fields[number].valid:
                assert reading.fields[number].value == truth["fields"][number]
