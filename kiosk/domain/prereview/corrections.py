"""The citizen's own values against later readings: never overwritten, asked about instead.

A value the citizen typed or edited that a material reads differently is a question for the
citizen ("the lease says X, you entered Y — which is right?") until they answer it; a chip value
they changed goes to staff, who compare it with the card.
"""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from ..compare import comparator
from .consistency import _shown
from .context import ReviewContext
from .findings import Finding


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for f in ctx.matter.fields:
        origin = ctx.facts.form_origins.get(f.id)
        typed = ctx.form_value(f.id)
        if origin is None or not typed or not origin.disputed(typed):
            continue
        read, mine = _shown(f.type, origin.read), _shown(f.type, typed)
        if origin.source.startswith("card."):
            yield Finding("corrections.chip_edited", "consistency", "staff", Text(
                zh=f"“{f.label.zh}”与身份证芯片上的不同（芯片：{read}），将由工作人员核对。",
                en=f"\"{f.label.en}\" differs from your ID card's chip ({read}); staff will check it."),
                field=f.id, value_read=read, expected=mine)
            continue
        if comparator(f.type, origin.source)(typed, origin.read):   # e.g. added detail after the street
            continue
        material_id = origin.source.removeprefix("material.").partition(".")[0]
        spec = ctx.matter.material(material_id)
        got = ctx.material_field(material_id, origin.source.rpartition(".")[2])
        yield Finding("corrections.disagrees", "consistency", "block", Text(
            zh=f"“{spec.name.zh}”上的{f.label.zh}是“{read}”，您填写的是“{mine}”，哪个是对的？",
            en=f"\"{spec.name.en}\" says {f.label.en} is \"{read}\"; you entered \"{mine}\". Which is right?"),
            material_id=material_id, field=f.id, page=got[1] if got else None, box=got[0].box if got else None,
            value_read=read, confidence=got[0].confidence if got else None, expected=mine)

