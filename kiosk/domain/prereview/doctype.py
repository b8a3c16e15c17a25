"""Document type: each page is the document the material asks for (an ID back is not a hukou page)."""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding

# Below this the classifier is unsure: a person looks at the page instead of the citizen re-capturing.
TYPE_CONFIDENCE = 0.8


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for ref in ctx.pages:
        spec, reading, number = ref.material, ref.reading, ref.page.page_no
        page_spec = spec.pages[number - 1] if 0 < number <= len(spec.pages) else None
        expected = (page_spec.doc_type,) if page_spec is not None and page_spec.doc_type else spec.doc_types
        wanted = page_spec.zh if page_spec is not None else spec.name.zh
        wanted_en = page_spec.en if page_spec is not None else spec.name.en
        if reading.doc_type not in expected:
            yield Finding("type.mismatch", "type", "block", Text(
                zh=f"“{spec.name.zh}”第{number}页不是所需的{wanted}，请放入正确的材料或翻到正确的页面。",
                en=f"Page {number} of \"{spec.name.en}\" is not the {wanted_en} required; "
                   "place the right document or turn to the right page."),
                material_id=spec.id, page=number, value_read=reading.doc_type,
                confidence=reading.type_confidence, expected=", ".join(expected))
        elif reading.type_confidence < TYPE_CONFIDENCE:
            yield Finding("type.uncertain", "type", "staff", Text(
                zh=f"无法确定“{spec.name.zh}”第{number}页是否为{wanted}，将由工作人员核对。",
                en=f"Page {number} of \"{spec.name.en}\" may not be the {wanted_en}; staff will check it."),
                material_id=spec.id, page=number, value_read=reading.doc_type,
                confidence=reading.type_confidence, expected=", ".join(expected))
