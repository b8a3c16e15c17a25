"""The facts of one case as the pre-review sees them: frozen, read once, no I/O.

Built by the application service from storage; consumed by the pre-review engine.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Mapping

from devices.idcard.base import IdentityCard
from ocr.types import DocumentReading

from .provenance import Origin

# Applicant flags (CaseFacts.applicant_flags) that withhold 容缺 and 告知承诺.
BAD_CREDIT = "bad_credit"
BROKEN_COMMITMENT = "broken_commitment"
HIGH_RISK = "high_risk"             # 告知承诺 is excluded for high-risk cases and areas
NO_DEFERRAL_FLAGS = frozenset({BAD_CREDIT, BROKEN_COMMITMENT})
NO_COMMITMENT_FLAGS = NO_DEFERRAL_FLAGS | {HIGH_RISK}


@dataclass(frozen=True)
class CapturedPage:
    page_no: int                    # 1-based page within its material
    reading: DocumentReading | None  # None while OCR has not finished or failed
    scan_id: str = ""               # storage reference of the page image
    error: str = ""                 # why the page could not be read, when reading is None


@dataclass(frozen=True)
class CapturedMaterial:
    material_id: str
    pages: tuple[CapturedPage, ...] = ()
    deferred: bool = False       # 容缺: the citizen committed to supply it later
    committed: bool = False      # 告知承诺: replaced by a signed commitment


@dataclass(frozen=True)
class CaseFacts:
    matter_id: str
    card: IdentityCard | None
    form: Mapping[str, str]
    materials: Mapping[str, CapturedMaterial]
    today: date
    kiosk_region: str = ""                                   # GB/T 2260 code of the hall
    applicant_flags: frozenset[str] = field(default_factory=frozenset)  # bad_credit, broken_commitment
    form_origins: Mapping[str, Origin] = field(default_factory=dict)   # where each form value came from
    # 代办: the person at the kiosk, whose chip was read, acts for the applicant named on the form;
    # ``card`` is then None and the applicant's own ID card is captured as a material.
    agent: IdentityCard | None = None
