"""The staff desk's own use cases: the work queue and the sampling of instantly decided cases.

Decisions themselves go through ApplicationService (they are state changes of the case).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select

from kiosk.domain import desk, states
from kiosk.domain.audit import mask_text
from kiosk.domain.facts import BROKEN_COMMITMENT
from kiosk.services.applications import ApplicationError
from kiosk.services.audit import AuditLog
from kiosk.storage.db import Database
from kiosk.storage.models import Application, SamplingCheck, utcnow

SAMPLED_FLAGS = frozenset({"sampling", "promise"})   # set by ApplicationService at submission
FALSE_COMMITMENT = "false_commitment"
REVOKED = "revoked"
# Cases drawn for sampling are checked once they are decided.
SAMPLED_STATES = (states.APPROVED, states.COMPLETED)


@dataclass(frozen=True)
class QueueItem:
    app: Application
    colour: str          # green | yellow | red
    flagged: bool
    categories: frozenset[str]


@dataclass(frozen=True)
class Queue:
    items: list[QueueItem]
    counts: dict[str, int]          # per state, before filtering
    matters: list[str]              # the filter options: what the unfiltered queue holds
    categories: list[str]
    terminals: list[str]


@dataclass(frozen=True)
class Filters:
    matter: str = ""
    category: str = ""
    terminal: str = ""


class DeskService:
    def __init__(self, db: Database, audit: AuditLog, *, warning_days: int = 2, sampling_rate: float = 0.1,
                 clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.audit = audit
        self.warning_days = warning_days
        self.sampling_rate = sampling_rate
        self.clock = clock

    def queue(self, filters: Filters = Filters()) -> Queue:
        """Cases that need a person: oldest deadline first, flagged first on the same date, with colours."""
        today = self.clock().date()
        with self.db.session() as s:
            apps = list(s.scalars(select(Application).where(Application.state.in_(states.NEEDS_STAFF))))
        items = [QueueItem(a, desk.deadline_colour(a.due_date, today, self.warning_days),
                           desk.flagged(a.review), desk.categories(a.review)) for a in apps]
        items.sort(key=lambda i: desk.queue_key(i.app.due_date, i.flagged, i.app.submitted_at))
        counts = Counter(a.state for a in apps)
        chosen = [i for i in items
                  if (not filters.matter or i.app.matter_id == filters.matter)
                  and (not filters.category or filters.category in i.categories)
                  and (not filters.terminal or i.app.terminal_id == filters.terminal)]
        return Queue(items=chosen, counts={st: counts.get(st, 0) for st in sorted(states.NEEDS_STAFF)},
                     matters=sorted({a.matter_id for a in apps}),
                     categories=sorted({c for i in items for c in i.categories if c}),
                     terminals=sorted({a.terminal_id for a in apps}))

    # ---- sampling ---------------------------------------------------------------------------
    def is_drawn(self, app: Application) -> bool:
        return (bool(SAMPLED_FLAGS & set(app.flags or ())) and app.number is not None
                and desk.sampled(app.number, self.sampling_rate))

    def sampling_queue(self) -> list[Application]:
        """Instantly approved and commitment cases drawn for checking and not checked yet, oldest first."""
        with self.db.session() as s:
            checked = set(s.scalars(select(SamplingCheck.application_id)))
            apps = s.scalars(select(Application).where(Application.state.in_(SAMPLED_STATES),
                                                       Application.number.is_not(None))
                             .order_by(Application.submitted_at))
            return [a for a in apps if a.id not in checked and self.is_drawn(a)]

    def sampling_result(self, app_id: int) -> SamplingCheck | None:
        with self.db.session() as s:
            return s.scalars(select(SamplingCheck).where(SamplingCheck.application_id == app_id)).first()

    def check_sample(self, app_id: int, actor: str, confirmed: bool, reason: str = "") -> None:
        """Confirm a drawn case, or revoke its decision (a reason is required).

        Revoking a 告知承诺 case records the false commitment on the case, which bars the applicant
        from commitments and 容缺 at this kiosk from then on.
        """
        reason = reason.strip()
        if not confirmed and not reason:
            raise ApplicationError("请填写撤销理由。")
        with self.db.session() as s:
            app = s.get(Application, app_id)
            if app is None or app.state not in SAMPLED_STATES or not self.is_drawn(app):
                raise ApplicationError("该案件不在抽查范围内。", f"application {app_id}")
            if s.scalars(select(SamplingCheck).where(SamplingCheck.application_id == app_id)).first():
                raise ApplicationError("该案件已抽查。", f"application {app_id} already checked")
            s.add(SamplingCheck(application_id=app_id, result="confirmed" if confirmed else "revoked",
                                reason=reason, actor=actor, at=self.clock()))
            details = {"result": "confirmed" if confirmed else "revoked", "reason": mask_text(reason)}
            if not confirmed:
                added = [REVOKED]
                if "promise" in app.flags:
                    added += [FALSE_COMMITMENT, BROKEN_COMMITMENT]
                    details["false_commitment"] = True
                app.flags = [*app.flags, *[f for f in added if f not in app.flags]]
            self.audit.append(s, actor, "sampling", f"application:{app_id}", details, at=self.clock())
