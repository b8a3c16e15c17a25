"""Capture quality: each failed check of a page's QualityReport, with the instruction it carries."""
from __future__ import annotations

from typing import Iterator

from ..catalog.schema import Text
from .context import ReviewContext
from .findings import Finding


def check(ctx: ReviewContext) -> Iterator[Finding]:
    for ref in ctx.pages:
        for failed in ref.reading.quality.failed():
            zh = failed.instruction or "请重新拍摄该页。"
            yield Finding(
                f"quality.{failed.code}", "quality", "block",
                Text(zh=f"“{ref.material.name.zh}”第{ref.page.page_no}页：{zh}",
                     en=f"\"{ref.material.name.en}\" page {ref.page.page_no}: "
                        f"{failed.instruction_en or 'please capture this page again.'}"),
                material_id=ref.material.id, page=ref.page.page_no, box=failed.box,
                value_read=f"{failed.value:g}", expected=f"{failed.threshold:g}")
