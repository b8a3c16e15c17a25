"""Merge a bundle (一件事) into one effective matter: shared fields and materials asked once."""
from __future__ import annotations

from .schema import Bundle, InstantApproval, MaterialSpec, Matter


def merge(bundle: Bundle, members: list[Matter]) -> Matter:
    """The matter a citizen fills in for ``bundle``.

    A field, material or rule with the same id in several members is the same thing asked once;
    for a shared material the strictest obligations win (required if any member requires it,
    deferrable or replaceable only if every member allows it).
    """
    fields = _overridden(_union([m.fields for m in members] + [bundle.fields]), bundle.fields)
    rules = _overridden(_union([m.rules for m in members] + [bundle.rules]), bundle.rules)
    materials: dict[str, MaterialSpec] = {}
    for spec in [*bundle.materials, *(s for m in members for s in m.materials)]:
        materials[spec.id] = _stricter(materials[spec.id], spec) if spec.id in materials else spec
    jurisdiction = bundle.jurisdiction or _common_prefixes([m.jurisdiction for m in members])
    return Matter(
        id=bundle.id, name=bundle.name, description=bundle.description, department=bundle.department,
        category="bundle", kiosk_enabled=bundle.kiosk_enabled and all(m.kiosk_enabled for m in members),
        promised_days=bundle.promised_days or max(m.promised_days for m in members),
        jurisdiction=jurisdiction,
        jurisdiction_basis=bundle.jurisdiction_basis or members[0].jurisdiction_basis,
        expired_identity_ok=all(m.expired_identity_ok for m in members),
        agent_allowed=all(m.agent_allowed for m in members),
        instant_approval=bundle.instant_approval if bundle.instant_approval.allowed else InstantApproval(),
        fields=tuple(fields), materials=tuple(materials.values()), rules=tuple(rules),
        bundle_of=tuple(m.id for m in members),
    )


def _union(groups):
    seen: dict[str, object] = {}
    for group in groups:
        for item in group:
            seen.setdefault(item.id, item)
    return list(seen.values())


def _overridden(items, overrides):
    """The bundle's own definition of a shared id replaces the members' one, in the same place."""
    own = {o.id: o for o in overrides}
    return [own.get(item.id, item) for item in items]


def _stricter(first: MaterialSpec, other: MaterialSpec) -> MaterialSpec:
    required = first.required or other.required
    deferrable = first.deferrable and other.deferrable
    replaceable = first.replaceable and other.replaceable
    # A condition on asking for it holds only if every member that requires it has one.
    conditions = [s.required_when for s in (first, other) if s.required]
    return first.model_copy(update={
        "required": required,
        "required_when": None if any(c is None for c in conditions) else {"or": conditions} if len(conditions) > 1
        else conditions[0],
        "deferrable": deferrable,
        "replaceable": replaceable,
        "commitment": first.commitment if replaceable else None,
        "original_required": first.original_required or other.original_required,
        "needs_seal": first.needs_seal or other.needs_seal,
        "needs_signature": first.needs_signature or other.needs_signature,
        "marks_waived": tuple(sorted(set(first.marks_waived) & set(other.marks_waived))),
        "photo_background": first.photo_background or other.photo_background,
    })


def _common_prefixes(lists: list[tuple[str, ...]]) -> tuple[str, ...]:
    """Regions every member serves: a prefix kept when each member covers it."""
    candidates = {p for prefixes in lists for p in prefixes}
    return tuple(sorted(p for p in candidates
                        if all(any(p.startswith(q) for q in prefixes) for prefixes in lists)))
