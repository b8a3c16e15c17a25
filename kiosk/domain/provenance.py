"""Where each form value came from, so a later reading never overwrites what the citizen said.

A value is read from the chip (``chip``) or a material (``material``), typed into an empty field
(``typed``), or changed after it was filled from a reading (``edited``). Readings may replace
readings; a typed or edited value stays until the citizen changes it. Each origin keeps the
value its source last gave (``read``), so the pre-review can ask about a disagreement, and the
reading the citizen chose to keep their value over (``kept_over``), so it asks only once.
"""
from __future__ import annotations

from dataclasses import asdict, dataclass, replace
from typing import Mapping

from .prefill import Prefilled

CHIP, MATERIAL, TYPED, EDITED = "chip", "material", "typed", "edited"
READ = (CHIP, MATERIAL)
# Chip values that identify the person are never typed over; others (an address) may be corrected.
LOCKED_CHIP_SOURCES = frozenset({"card.name", "card.id_number", "card.birth_date", "card.gender"})


@dataclass(frozen=True)
class Origin:
    kind: str              # chip | material | typed | edited
    source: str = ""       # the catalog's prefill source of the reading, e.g. "material.residence_proof.address"
    read: str = ""         # what that source last gave
    kept_over: str = ""    # a reading the citizen confirmed their own value against

    @property
    def citizens(self) -> bool:
        return self.kind in (TYPED, EDITED)

    def disputed(self, value: str) -> bool:
        """The citizen's ``value`` differs from a reading they have not yet confirmed it against."""
        return self.citizens and bool(self.read) and self.read not in (value, self.kept_over)


Form = dict[str, str]
Origins = dict[str, Origin]


def origins_from_json(data: Mapping[str, Mapping] | None) -> Origins:
    return {k: Origin(**v) for k, v in (data or {}).items()}


def origins_to_json(origins: Origins) -> dict:
    return {k: asdict(v) for k, v in origins.items()}


def locked(origins: Origins) -> set[str]:
    """Fields the screen cannot change: identity values read from the chip."""
    return {k for k, o in origins.items() if o.kind == CHIP and o.source in LOCKED_CHIP_SOURCES}


def apply_readings(form: Form, origins: Origins, filled: Mapping[str, Prefilled]) -> tuple[Form, Origins]:
    """Readings fill empty fields and replace earlier readings; the citizen's values stay."""
    form, origins = dict(form), dict(origins)
    for field_id, value in filled.items():
        origin = origins.get(field_id)
        if origin is not None and origin.citizens:
            origins[field_id] = replace(origin, source=value.source, read=value.value)
            continue
        form[field_id] = value.value
        origins[field_id] = Origin(CHIP if value.source.startswith("card.") else MATERIAL, value.source, value.value)
    return form, origins


def apply_typing(form: Form, origins: Origins, values: Mapping[str, str]) -> tuple[Form, Origins]:
    """The citizen's values: a change of a read value is an edit; a value typed back to what was
    read is the reading again; a cleared field may be filled by the next reading."""
    form, origins = dict(form), dict(origins)
    for field_id, value in values.items():
        if value == form.get(field_id, ""):
            continue
        form[field_id] = value
        origin = origins.get(field_id)
        if not value:
            origins.pop(field_id, None)
        elif origin is not None and origin.read and value == origin.read:
            origins[field_id] = Origin(CHIP if origin.source.startswith("card.") else MATERIAL, origin.source, value)
        elif origin is not None and origin.kind in (*READ, EDITED):
            origins[field_id] = replace(origin, kind=EDITED, kept_over="")
        else:
            origins[field_id] = Origin(TYPED, origin.source if origin else "", origin.read if origin else "")
    return form, origins


def keep(origins: Origins, field_id: str) -> Origins:
    """The citizen says their value is right against the reading they were shown."""
    origin = origins.get(field_id)
    if origin is None or not origin.citizens or not origin.read:
        return origins
    return {**origins, field_id: replace(origin, kept_over=origin.read)}


def take_reading(form: Form, origins: Origins, field_id: str) -> tuple[Form, Origins]:
    """The citizen says the reading is right: it replaces their value."""
    origin = origins.get(field_id)
    if origin is None or not origin.read:
        return form, origins
    kind = CHIP if origin.source.startswith("card.") else MATERIAL
    return {**form, field_id: origin.read}, {**origins, field_id: Origin(kind, origin.source, origin.read)}
