"""The sample documents in tests/samples read with the real OCR engine: type and every field."""
import pytest

from ocr import doctypes
from ocr.classify import classify
from ocr.extract import extract
from tests.ocr.samples_helpers import engine, load_image, sample_cases

CASES = sample_cases()


def test_there_is_a_sample_for_every_type():
    assert {doc_type for doc_type, _, _ in CASES} == set(doctypes.ALL) - {doctypes.UNKNOWN}


@pytest.mark.slow
@pytest.mark.parametrize("doc_type, path, expected", CASES, ids=[f"{t}/{p.stem}" for t, p, _ in CASES])
def test_sample_is_classified_and_read(doc_type, path, expected):
    image = load_image(path)
    result = engine().recognize(image)
    got_type, confidence = classify(result, image)
    assert got_type == doc_type and confidence >= 0.5
    fields = extract(got_type, result)
    assert {name: f.value for name, f in fields.items()} == expected
    assert all(f.valid for f in fields.values())
