"""What the pre-review produces: findings with their evidence, and the outcome they lead to."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from ocr.types import Box

from ..catalog.schema import Text

INSTANT = "instant"   # 秒办: decided by rules, sampled later by staff
STAFF = "staff"       # 人工复核: submitted, queued for staff with its findings
BLOCKED = "blocked"   # cannot be submitted until the blocking findings are fixed

Outcome = Literal["instant", "staff", "blocked"]


@dataclass(frozen=True)
class Finding:
    """One thing the pre-review noticed: which rule, how serious, what to do, and the evidence."""

    rule_id: str
    category: str
    severity: str                 # block | staff | info
    message: Text                 # what the citizen (or staff) should do about it
    material_id: str | None = None
    field: str | None = None      # the form field id, or the material's extracted field name
    page: int | None = None       # 1-based page within the material
    box: Box | None = None        # where on the page, in page pixels
    value_read: str | None = None
    confidence: float | None = None
    expected: str | None = None
    # The check could not run for want of data (a field not read): never grounds for 秒办.
    unchecked: bool = False


@dataclass(frozen=True)
class Review:
    findings: tuple[Finding, ...]
    outcome: Outcome
    deferrable_missing: tuple[str, ...] = ()   # missing materials 容缺 may cover
    replaceable_missing: tuple[str, ...] = ()  # missing proofs 告知承诺 may replace
    committed: tuple[str, ...] = ()            # proofs replaced by a signed commitment
    deferred: tuple[str, ...] = ()             # materials the citizen will supply later

    @property
    def blocking(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "block")

    @property
    def for_staff(self) -> tuple[Finding, ...]:
        return tuple(f for f in self.findings if f.severity == "staff")

    @property
    def sampling(self) -> bool:
        """Staff sample this case afterwards: decided without a human, or resting on a commitment."""
        return self.outcome == INSTANT or bool(self.committed)
