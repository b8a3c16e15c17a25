"""Deterministic synthetic documents for tests and the benchmark.

``render(doc_type, seed, variant="clean")`` draws one document of ``doc_type`` (see ocr.doctypes)
for a synthetic person and returns a :class:`Rendered`: the BGR image, the fields extraction
should give, and the printed text line by line. The same (doc_type, seed, variant, today) always
gives the same image. Variants are the capture defects of :mod:`ocr.synth.degrade`; dates are
drawn back from ``today`` (see :mod:`ocr.synth.dating`).
"""
from __future__ import annotations

import datetime as dt
import random
import zlib

from ocr import doctypes
from ocr.synth import cards, certificates, contract, passport
from ocr.synth.canvas import Rendered
from ocr.synth.dating import Laid
from ocr.synth.degrade import VARIANTS
from ocr.synth.people import Person

RENDERERS = {
    doctypes.ID_CARD_FRONT: cards.id_card_front,
    doctypes.ID_CARD_BACK: cards.id_card_back,
    doctypes.HUKOU_COVER: cards.hukou_cover,
    doctypes.HUKOU_INDEX: cards.hukou_index,
    doctypes.HUKOU_MEMBER: cards.hukou_member,
    doctypes.BUSINESS_LICENCE: certificates.business_licence,
    doctypes.MARRIAGE_CERTIFICATE: certificates.marriage_certificate,
    doctypes.BIRTH_CERTIFICATE: certificates.birth_certificate,
    doctypes.LEASE_CONTRACT: contract.lease_contract,
    doctypes.PROPERTY_CERTIFICATE: certificates.property_certificate,
    doctypes.PHOTO_1INCH: passport.photo_1inch,
    doctypes.PASSPORT: passport.passport,
}
CLEAN = "clean"
ALL_VARIANTS = (CLEAN, *VARIANTS)

__all__ = ["ALL_VARIANTS", "CLEAN", "RENDERERS", "Rendered", "render"]


def _rng(*parts: object) -> random.Random:
    # zlib.crc32 rather than hash(): str hashes change from one process to the next.
    return random.Random(zlib.crc32("/".join(map(str, parts)).encode()))


def render(doc_type: str, seed: int, variant: str = CLEAN, *, subject: Person | None = None,
           today: dt.date | None = None, expired: bool = False) -> Rendered:
    """Render ``doc_type`` for synthetic person ``seed``, with capture defect ``variant``.

    With ``subject`` the document is about that person (the ID card's holder, the lessee, the
    legal representative, the parent or spouse of that gender); everyone else stays random.
    The document is valid on ``today`` (default: the fixed day of the committed samples), or
    ``expired`` by then: a lease that ended, a licence or passport past its term, a birth
    certificate too old for a newborn's matters. The ID card keeps its holder's own validity.
    """
    if doc_type not in RENDERERS:
        raise ValueError(f"no synthetic renderer for document type {doc_type!r}")
    if variant != CLEAN and variant not in VARIANTS:
        raise ValueError(f"unknown variant {variant!r}; known: {', '.join(ALL_VARIANTS)}")
    laid = Laid(today, expired) if today else Laid(expired=expired)
    rendered = RENDERERS[doc_type](_rng(doc_type, seed), subject, laid)
    if variant != CLEAN:
        rendered.image = VARIANTS[variant](rendered.image, _rng(doc_type, seed, variant))
    return rendered
