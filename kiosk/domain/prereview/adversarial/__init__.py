"""An adversarial case set of our own: clean applications and ones with planted defects.

Built from the service guides and the document formats (see world, cases, defects), never from
the catalog's example cases, and never judged by running the pre-review: each case's truth is
how it was made. Two fixed parts: ``development`` to work against, ``held_out`` to report on.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date, timedelta

from ...facts import CaseFacts
from .cases import BUILDERS, Draft
from .defects import PLANTERS, Place
from .world import World

PARTS = {"development": 1101, "held_out": 2202}
CLEAN_SHARE = 0.45


@dataclass(frozen=True)
class Defect:
    kind: str
    places: tuple[Place, ...]   # acceptable (material id, page) places; ("*", None): the case as a whole


@dataclass(frozen=True)
class Case:
    id: str
    matter_id: str
    facts: CaseFacts
    defects: tuple[Defect, ...]       # () for a clean case
    noted: frozenset[str] = frozenset()  # materials a clean case legitimately defers

    @property
    def clean(self) -> bool:
        return not self.defects


def generate(part: str, count: int = 640) -> list[Case]:
    """The cases of one part (the same part always gives the same cases)."""
    world = World(PARTS[part])
    rng = world.rng
    matters = sorted(BUILDERS)
    out = []
    planted: Counter = Counter()      # kinds so far: the rarest applicable kind goes first
    for i in range(count):
        matter_id = matters[i % len(matters)]
        today = date(2026, 1, 5) + timedelta(days=rng.randint(0, 700))
        while True:
            draft = BUILDERS[matter_id](world, today)
            defects = () if rng.random() < CLEAN_SHARE else _plant(draft, world, 1 if rng.random() < 0.7 else 2, planted)
            if defects is not None:
                break
        planted.update(d.kind for d in defects)
        if not defects:
            _ocr_noise(draft, world)
        out.append(Case(f"{part}-{i:04d}", matter_id, draft.facts(), defects, frozenset(draft.noted)))
    return out


def _plant(draft: Draft, world: World, how_many: int, so_far: Counter) -> tuple[Defect, ...] | None:
    kinds = sorted(PLANTERS, key=lambda k: (so_far[k], world.rng.random()))
    planted: list[tuple[Defect, dict]] = []
    for kind in kinds:
        places = PLANTERS[kind](draft, world)
        if places is None:
            continue
        planted.append((Defect(kind, tuple(places)), _shape(draft)))
        if len(planted) == how_many:
            break
    # A later defect must not take away the pages an earlier one sits on.
    if not planted or any(_shape(draft).get(mid, 0) < shape.get(mid, 0)
                          for d, shape in planted for mid, _ in d.places):
        return None
    return tuple(d for d, _ in planted)


def _shape(draft: Draft) -> dict[str, int]:
    return {mid: len(m.pages) for mid, m in draft.materials.items()}


def _ocr_noise(draft: Draft, world: World) -> None:
    """What OCR does to clean papers: a name read split in two, a slightly lower confidence."""
    for m in draft.materials.values():
        for p in m.pages:
            for role, (name_field, _) in p.people.items():
                value = p.fields.get(name_field)
                if value and len(value[0]) >= 2 and world.rng.random() < 0.25 and p.doc_type != "id_card_front":
                    p.fields[name_field] = [value[0][0] + " " + value[0][1:], 0.92]
