"""The benchmark's documents: the deterministic synthetic corpus plus the samples on disk."""
from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import cv2
import numpy as np

from ocr import doctypes
from ocr.synth import ALL_VARIANTS, CLEAN, RENDERERS, render

__all__ = ["A4_TYPES", "CARD_TYPES", "CLEAN", "Document", "samples", "synthetic"]

CARD_TYPES = (doctypes.ID_CARD_FRONT, doctypes.ID_CARD_BACK)
# Pages scanned as A4 (the licence is printed A4 landscape).
A4_TYPES = (doctypes.BUSINESS_LICENCE, doctypes.BIRTH_CERTIFICATE, doctypes.LEASE_CONTRACT,
            doctypes.PROPERTY_CERTIFICATE)
SAMPLES = Path(__file__).resolve().parents[2] / "tests" / "samples"


@dataclass
class Document:
    """One benchmark item: an image with its true type, fields and text lines (with boxes)."""

    name: str
    doc_type: str
    variant: str
    image: np.ndarray
    fields: dict[str, str]
    lines: list[str]
    boxes: list[tuple[int, int, int, int]]


def synthetic(quick: bool, seeds: int, types: Sequence[str] | None = None,
              variants: Sequence[str] | None = None) -> Iterator[Document]:
    """Every type (or ``types``); ID cards in every variant, other pages in every variant
    too unless ``quick`` (then clean only); ``variants`` overrides both."""
    for doc_type in RENDERERS:
        if types and doc_type not in types:
            continue
        chosen = variants or (ALL_VARIANTS if doc_type in CARD_TYPES or not quick else (CLEAN,))
        for seed in range(seeds):
            for variant in chosen:
                r = render(doc_type, 1000 + seed, variant)
                yield Document(f"{doc_type}/{seed}/{variant}", doc_type, variant, r.image, r.fields, r.lines, r.boxes)


def samples(folder: Path = SAMPLES) -> Iterator[Document]:
    """Images in tests/samples/<doctype>/ with their ``<name>.json`` (fields, and text when known)."""
    for expected in sorted(folder.glob("*/*.json")):
        for suffix in (".png", ".jpg", ".jpeg"):
            path = expected.with_suffix(suffix)
            if path.is_file():
                truth = json.loads(expected.read_text("utf-8"))
                image = cv2.imread(str(path), cv2.IMREAD_COLOR)
                if image is not None:
                    yield Document(f"samples/{expected.parent.name}/{path.name}", expected.parent.name,
                                   truth.get("variant", "sample"), image, truth["fields"],
                                   truth.get("lines", []), [tuple(b) for b in truth.get("boxes", [])])
                break
