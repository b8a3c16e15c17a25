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
            elif any(_applicable(ctx, name) for name in missing):
                yield Finding(rule.id, rule.category, "info", Text(
                    zh=f"未能自动判断：{rule.message.zh}（缺少{'、'.join(missing)}）",
                    en=f"Not checked: {rule.message.en} (missing {', '.join(missing)})"),
                    **_evidence(ctx, rule), expected=", ".join(missing), unchecked=True)
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


def _applicable(ctx: ReviewContext, name: str) -> bool:
    """Whether a missing variable is a gap in the evidence, not a case the rule does not concern.

    A material not captured (or deferred, or replaced by a commitment) and an optional form field
    left blank make the rule inapplicable; a field not read from a captured material, or a card
    or applicant attribute that is not there, is a gap.
    """
    kind, _, rest = name.partition(".")
    if kind == "form" or name in ("card_days_left", "kiosk_region", "today"):
        return False
    if kind == "material":
        captured = ctx.captured(rest.partition(".")[0])
        return captured is not None and not (captured.deferred or captured.committed)
    return True


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
