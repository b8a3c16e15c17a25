"""The matter's own rules (eligibility conditions and the like), written in JSON Logic in the catalog."""
from __future__ import annotations

from typing import Iterator

from ..catalog import logic
from ..catalog.schema import Rule, Text
from .context import ReviewContext
from .findings import Finding


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for rule in ctx.matter.rules:
        missing = sorted(n for n in logic.variables(rule.when) if _absent(logic.lookup(ctx.data, n)))
        if missing and rule.on_missing != "evaluate":
            if rule.on_missing == "staff":
                yield Finding(rule.id, rule.category, "staff", Text(
                    zh=f"无法自动判断：{rule.message.zh}（缺少信息，将由工作人员核对）",
                    en=f"Could not be checked automatically: {rule.message.en} "
                       "(information missing; staff will check it)"),
                    **_evidence(ctx, rule), expected=", ".join(missing))
            continue
        try:
            fired = bool(logic.evaluate(rule.when, ctx.data))
        except (ArithmeticError, TypeError, ValueError, KeyError, AttributeError) as exc:
            # A value the rule cannot work with (a date that is not a date): a person decides.
            yield Finding(rule.id, rule.category, "staff", Text(
                zh=f"无法自动判断：{rule.message.zh}（将由工作人员核对）",
                en=f"Could not be checked automatically: {rule.message.en} (staff will check it)"),
                **_evidence(ctx, rule), expected=type(exc).__name__)
            continue
        if fired:
            yield Finding(rule.id, rule.category, rule.severity, rule.message, **_evidence(ctx, rule))


def _absent(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _evidence(ctx: ReviewContext, rule: Rule) -> dict:
    evidence = rule.evidence
    if evidence is None:
        return {}
    if evidence.form is not None:
        return {"field": evidence.form, "value_read": ctx.form_value(evidence.form) or None}
    if evidence.material is None:
        return {}
    out: dict = {"material_id": evidence.material, "field": evidence.field}
    got = ctx.material_field(evidence.material, evidence.field) if evidence.field else None
    if got is not None:
        field, page = got
        out.update(page=page, box=field.box, value_read=field.value, confidence=field.confidence)
    return out
