"""A second corpus, independent of ocr.synth: other fonts, real layouts, camera captures.

Nothing here is shared with ocr.synth or computed by the code it measures (identities come
with python-stdnum's check characters, MRZ check digits are computed here). The corpus is a
fixed plan of captures per split, each deterministic from (split, index):

- ``dev``: tune on this;
- ``test``: held out, for reporting only.

``captures(split)`` yields :class:`Capture` items: JPEG bytes as a camera would upload them,
the document type, the fields a reader should give, and whether the capture is good (a
reader should read it) or bad (cut through a field, heavy motion blur, glare over a field,
too far away: a reader should ask for another picture).
"""
from __future__ import annotations

import random
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field

from ocr import doctypes
from ocr.synth2 import capture, documents

SPLITS = ("dev", "test")
# Good captures per type and split, then bad ones (each defect on the types it is made for).
GOOD = {doctypes.ID_CARD_FRONT: 30, doctypes.ID_CARD_BACK: 12, doctypes.HUKOU_MEMBER: 12,
        doctypes.BUSINESS_LICENCE: 12, doctypes.PASSPORT: 10}
BAD = (("cut", doctypes.ID_CARD_FRONT), ("cut", doctypes.ID_CARD_FRONT), ("cut", doctypes.BUSINESS_LICENCE),
       ("motion", doctypes.ID_CARD_FRONT), ("motion", doctypes.HUKOU_MEMBER), ("motion", doctypes.PASSPORT),
       ("glare", doctypes.ID_CARD_FRONT), ("glare", doctypes.ID_CARD_BACK), ("glare", doctypes.BUSINESS_LICENCE),
       ("small", doctypes.ID_CARD_FRONT), ("small", doctypes.HUKOU_MEMBER), ("small", doctypes.BUSINESS_LICENCE))


@dataclass
class Capture:
    name: str
    split: str
    doc_type: str
    data: bytes                       # JPEG as uploaded
    fields: dict[str, str]
    good: bool
    setting: str
    defect: str | None = None
    info: dict = field(default_factory=dict)


def _rng(*parts: object) -> random.Random:
    return random.Random(zlib.crc32("/".join(map(str, ("synth2", *parts))).encode()))


def plan(split: str) -> list[tuple[str, str, str | None, int]]:
    """(doc_type, setting, defect, index) of every capture in ``split``, in order."""
    if split not in SPLITS:
        raise ValueError(f"unknown split {split!r}; known: {', '.join(SPLITS)}")
    items = []
    for doc_type, count in GOOD.items():
        for i in range(count):
            items.append((doc_type, capture.SETTINGS[i % 2], None, i))
    for i, (defect, doc_type) in enumerate(BAD):
        items.append((doc_type, capture.SETTINGS[i % 2], defect, 1000 + i))
    return items


def make(split: str, doc_type: str, setting: str, defect: str | None, index: int) -> Capture:
    rng = _rng(split, doc_type, setting, defect, index)
    flat = documents.RENDERERS[doc_type](rng)
    data, info = capture.photograph(flat, rng, setting, defect)
    name = f"{split}/{doc_type}/{index:04d}-{setting}" + (f"-{defect}" if defect else "")
    return Capture(name, split, doc_type, data, flat.fields, defect is None, setting, defect, info)


def captures(split: str, types: list[str] | None = None) -> Iterator[Capture]:
    for doc_type, setting, defect, index in plan(split):
        if not types or doc_type in types:
            yield make(split, doc_type, setting, defect, index)
