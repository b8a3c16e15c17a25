"""Running each system over the corpus and scoring every document."""
from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass, field

from ocr import doctypes
from ocr.bench.corpus import Document
from ocr.bench.metrics import cer, line_cer
from ocr.classify import classify
from ocr.extract import extract
from ocr.types import DocumentError, Field, OcrResult

# A system reads a BGR image and answers (document type, fields, OCR result).
Reader = Callable[[object], tuple[str, dict[str, Field], OcrResult]]


@dataclass
class Outcome:
    """What one system made of one document."""

    system: str
    name: str
    doc_type: str
    variant: str
    predicted_type: str
    fields: dict[str, tuple[str, str | None]] = field(default_factory=dict)   # name -> (expected, got)
    cer: float | None = None
    line_cer: float | None = None
    ms: float = 0.0
    error: str = ""

    @property
    def correct_fields(self) -> int:
        return sum(expected == got for expected, got in self.fields.values())

    def as_dict(self) -> dict:
        return asdict(self)


def engine_reader(engine) -> Reader:
    """The raw engine followed by this package's classification and extraction."""
    def read(image):
        result = engine.recognize(image)
        doc_type, _ = classify(result, image)
        return doc_type, extract(doc_type, result), result
    return read


def pipeline_reader(pipeline) -> Reader:
    def read(image):
        reading = pipeline.read(image)
        return reading.doc_type, reading.fields, reading.ocr
    return read


def run(system: str, reader: Reader, documents: Iterable[Document],
        progress: Callable[[Outcome], None] | None = None) -> list[Outcome]:
    outcomes = []
    for doc in documents:
        start = time.perf_counter()
        try:
            predicted, fields, result = reader(doc.image)
            error = ""
        except DocumentError as exc:
            predicted, fields, result, error = doctypes.UNKNOWN, {}, None, f"{type(exc).__name__}: {exc}"
        ms = (time.perf_counter() - start) * 1000
        outcome = Outcome(system, doc.name, doc.doc_type, doc.variant, predicted, ms=round(ms, 1), error=error)
        outcome.fields = {name: (expected, fields[name].value if name in fields else None)
                          for name, expected in doc.fields.items()}
        if result is not None:
            outcome.cer = cer(result, doc.lines, doc.boxes)
            outcome.line_cer = line_cer(result, doc.lines)
        outcomes.append(outcome)
        if progress:
            progress(outcome)
    return outcomes
