"""The pre-review: run every rule family over the frozen case facts and decide the outcome.

Deterministic and pure: the same matter and facts give the same review. A rule family that
fails on unexpected data is a defect, but the citizen is never left with a crash: the review
goes to staff with a finding saying which family could not run.
"""
from __future__ import annotations

import logging
from typing import Callable, Iterator

from devices.idcard.base import RESIDENT

from ..catalog import logic
from ..catalog.schema import Matter, Text
from ..facts import NO_COMMITMENT_FLAGS, NO_DEFERRAL_FLAGS, CaseFacts
from . import (agency, completeness, consistency, corrections, crossdoc, declared, doctype, formats, jurisdiction,
               marks, pages, people, photo, quality, validity)
from .context import ReviewContext
from .findings import BLOCKED, INSTANT, STAFF, Finding, Review

log = logging.getLogger(__name__)

Family = Callable[[ReviewContext], Iterator[Finding]]

FAMILIES: tuple[tuple[str, Family], ...] = (
    ("completeness", completeness.check),
    ("quality", quality.check),
    ("type", doctype.check),
    ("consistency", consistency.check),
    ("consistency", consistency.form_against_materials),
    ("consistency", corrections.check),
    ("consistency", people.check),
    ("consistency", pages.check),
    ("consistency", crossdoc.check),
    ("quality", photo.check),
    ("validity", validity.check),
    ("format", formats.check),
    ("marks", marks.check),
    ("jurisdiction", jurisdiction.check),
    ("eligibility", declared.check),
    ("eligibility", agency.check),
)


def review(matter: Matter, facts: CaseFacts) -> Review:
    """Pre-review one application; see findings.Review for what comes back."""
    ctx = ReviewContext(matter, facts)
    findings: list[Finding] = []
    for name, family in FAMILIES:
        try:
            findings.extend(family(ctx))
        except Exception:   # noqa: BLE001 — contain a family defect, keep the case moving to staff
            log.exception("pre-review family %s failed on matter %s", name, matter.id)
            findings.append(Finding(f"{name}.internal_error", name, "staff", Text(
                zh="部分自动检查未能完成，将由工作人员核对。",
                en="Some automatic checks could not be completed; staff will check the case.")))
    missing = {f.material_id for f in findings if f.rule_id == "completeness.missing_material"}
    captured = facts.materials
    deferred = tuple(m.id for m in matter.materials if m.id in captured and captured[m.id].deferred)
    committed = tuple(m.id for m in matter.materials if m.id in captured and captured[m.id].committed)
    findings.extend(_commitment_notes(matter, facts.applicant_flags, deferred, committed))
    outcome = _outcome(findings, deferred)
    if outcome == INSTANT:
        # 秒办 fails closed: any missing evidence or unmet condition sends the case to staff. The
        # reason is recorded for them as information: it is no fault of the application.
        short = _not_instant_because(ctx, findings) if matter.instant_approval.allowed else None
        if short:
            material_id, page = _place_of_doubt(ctx, findings)
            findings.append(Finding("instant.not_enough_evidence", "completeness", "info", Text(
                zh="证据不足，不能即时办结：" + "；".join(r.zh for r in short) + "。将由工作人员审核。",
                en="Not enough evidence for instant approval: " + "; ".join(r.en for r in short)
                   + ". Staff will review the case."), expected="; ".join(r.en for r in short),
                material_id=material_id, page=page))
        if short or not matter.instant_approval.allowed or not _conditions_met(ctx):
            outcome = STAFF
    return Review(
        findings=tuple(findings),
        outcome=outcome,
        deferrable_missing=tuple(m.id for m in matter.materials if m.id in missing and m.deferrable),
        replaceable_missing=tuple(m.id for m in matter.materials if m.id in missing and m.replaceable),
        committed=committed, deferred=deferred,
    )


def _commitment_notes(matter: Matter, flags, deferred, committed) -> Iterator[Finding]:
    for material_id in deferred:
        spec = matter.material(material_id)
        if flags & NO_DEFERRAL_FLAGS:
            yield _refused(spec, "completeness.deferral_refused")
        elif not spec.deferrable:
            yield Finding("completeness.not_deferrable", "completeness", "block", Text(
                zh=f"“{spec.name.zh}”不能容缺，请现场提供。",
                en=f"\"{spec.name.en}\" cannot be supplied later; please provide it now."), material_id=material_id)
        else:
            yield Finding("completeness.deferred", "completeness", "staff", Text(
                zh=f"“{spec.name.zh}”容缺受理，须在期限内补交。",
                en=f"\"{spec.name.en}\" accepted as missing; it must be supplied by the deadline."),
                material_id=material_id)
    for material_id in committed:
        spec = matter.material(material_id)
        if flags & NO_COMMITMENT_FLAGS:
            yield _refused(spec, "completeness.commitment_refused")
        elif not spec.replaceable:
            yield Finding("completeness.not_replaceable", "completeness", "block", Text(
                zh=f"“{spec.name.zh}”不适用告知承诺，请提供该材料。",
                en=f"\"{spec.name.en}\" cannot be replaced by a commitment; please provide it."),
                material_id=material_id)
        else:
            yield Finding("completeness.committed", "completeness", "info", Text(
                zh=f"“{spec.name.zh}”以告知承诺代替，事后将抽查核实。",
                en=f"\"{spec.name.en}\" replaced by your written commitment; it will be verified by sampling."),
                material_id=material_id)


def _refused(spec, rule_id: str) -> Finding:
    """容缺 and 告知承诺 are withheld from applicants with a credit or broken-commitment flag."""
    return Finding(rule_id, "completeness", "block", Text(
        zh=f"按规定本次不能以承诺方式办理，请提供“{spec.name.zh}”，或咨询工作人员。",
        en=f"A commitment cannot be accepted this time; please provide \"{spec.name.en}\" or ask staff."),
        material_id=spec.id)


def _outcome(findings: list[Finding], deferred) -> str:
    if any(f.severity == "block" for f in findings):
        return BLOCKED
    if any(f.severity == "staff" for f in findings) or deferred:
        return STAFF
    return INSTANT   # provisionally: review() then asks whether 秒办 is earned


def _not_instant_because(ctx: ReviewContext, findings: list[Finding]) -> list[Text]:
    """Why 秒办 cannot be given (empty when it can); it fails closed.

    Only for matters that allow it, with the identity from a resident card's chip, every page read
    confidently, every applicable check run (none skipped for want of data) and the matter's own
    conditions positively true (see ``_conditions_met``; unmet conditions are policy, not a gap).
    """
    policy = ctx.matter.instant_approval
    reasons: list[Text] = []
    card = ctx.facts.card
    if card is None or not ctx.applicant.from_chip:
        reasons.append(Text(zh="身份信息未从身份证芯片读取", en="the identity was not read from an ID card chip"))
    elif card.card_type != RESIDENT:
        reasons.append(Text(zh="身份证件不是居民身份证", en="the identity document is not a resident ID card"))
    for ref in ctx.pages:
        unsure = [name for name, f in ref.reading.fields.items() if f.value and f.confidence < policy.min_confidence]
        if ref.reading.type_confidence < policy.min_confidence or unsure:
            reasons.append(Text(zh=f"“{ref.material.name.zh}”第{ref.page.page_no}页识别置信度不足",
                                en=f"\"{ref.material.name.en}\" page {ref.page.page_no} was not read confidently"))
    for f in findings:
        if f.unchecked:
            reasons.append(Text(zh=f"未能检查：{f.message.zh}", en=f"not checked: {f.message.en}"))
    return reasons


def _place_of_doubt(ctx: ReviewContext, findings: list[Finding]) -> tuple[str | None, int | None]:
    """The material and page the doubt is about: a check that could not run, or a page read unsurely."""
    for f in findings:
        if f.unchecked and f.material_id:
            return f.material_id, f.page
    floor = ctx.matter.instant_approval.min_confidence
    for ref in ctx.pages:
        if ref.reading.type_confidence < floor or any(
                f.value and f.confidence < floor for f in ref.reading.fields.values()):
            return ref.material.id, ref.page.page_no
    return None, None


def _conditions_met(ctx: ReviewContext) -> bool:
    """The matter's own 秒办 conditions, positively true (an error or a null is not a yes)."""
    try:
        return logic.evaluate(ctx.matter.instant_approval.conditions, ctx.data) is True
    except (ArithmeticError, TypeError, ValueError, KeyError, AttributeError):
        return False
