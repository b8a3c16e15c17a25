"""Factories for domain tests: matters written as YAML text, readings, cards."""
from __future__ import annotations

import textwrap
from datetime import date
from pathlib import Path

from devices.idcard.base import RESIDENT, IdentityCard
from ocr.types import DocumentReading, Field, OcrResult, QualityCheck, QualityReport

MINIMAL_MATTER = """\
id: sample
name: {zh: 示例事项, en: Sample matter}
description: {zh: 示例, en: Sample}
department: {zh: 示例部门, en: Sample department}
category: personal
promised_days: 5
jurisdiction: ["3301"]
fields:
  - id: name
    type: text
    label: {zh: 姓名, en: Name}
    prefill: card.name
materials:
  - id: id_card
    name: {zh: 居民身份证, en: ID card}
    description: {zh: 正反面, en: Both sides}
    doc_types: [id_card_front, id_card_back]
"""


def write_catalog(root: Path, matter_text: str = MINIMAL_MATTER, name: str = "sample.yaml") -> Path:
    (root / "matters").mkdir(parents=True, exist_ok=True)
    (root / "matters" / name).write_text(textwrap.dedent(matter_text), encoding="utf-8")
    return root


def line_of(text: str, fragment: str) -> int:
    """1-based line of the first line containing ``fragment``."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if fragment in line)


def card(name="张伟", id_number="330106199001021235", valid_until: date | None = date(2040, 1, 2),
         address="浙江省杭州市西湖区文三路58号") -> IdentityCard:
    return IdentityCard(card_type=RESIDENT, name=name, id_number=id_number, gender="男",
                        birth_date=date(1990, 1, 2), address=address, valid_until=valid_until)


def reading(doc_type: str, confidence: float = 0.98, **fields: str) -> DocumentReading:
    return DocumentReading(
        doc_type=doc_type, type_confidence=0.98,
        fields={k: Field(name=k, value=v, confidence=confidence) for k, v in fields.items()},
        ocr=OcrResult((), 100, 100, "test"), quality=QualityReport((QualityCheck("sharpness", True, 1, 0.5, ""),)))
