"""Figures for the supervisor's dashboard, computed from the applications of a recent window."""
from __future__ import annotations

import statistics
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Callable

from sqlalchemy import select

from kiosk.domain import desk, states
from kiosk.storage.db import Database
from kiosk.storage.models import Application, utcnow


@dataclass(frozen=True)
class Dashboard:
    since: date
    per_day: list[tuple[date, int]]                   # every day of the window, zeros included
    submitted: int
    shares: dict[str, float]                          # instant | flagged | rejected → share of submitted
    kiosk_minutes: list[tuple[str, float, int]]       # matter, median minutes at the kiosk, cases
    top_findings: list[tuple[str, str, int]]          # rule id, category, count
    overdue: list[Application]


class DashboardService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock

    def build(self, days: int = 14) -> Dashboard:
        now = self.clock()
        today = now.date()
        since = today - timedelta(days=days - 1)
        with self.db.session() as s:
            apps = list(s.scalars(select(Application).where(
                Application.submitted_at.is_not(None),
                Application.submitted_at >= datetime.combine(since, datetime.min.time(), now.tzinfo))))
            overdue = list(s.scalars(select(Application).where(Application.state.in_(states.NEEDS_STAFF),
                                                               Application.due_date < today)
                                     .order_by(Application.due_date)))
        per_day = Counter(a.submitted_at.date() for a in apps)
        total = len(apps)

        def share(predicate) -> float:
            return round(sum(1 for a in apps if predicate(a)) / total, 3) if total else 0.0

        minutes: dict[str, list[float]] = {}
        for a in apps:
            minutes.setdefault(a.matter_id, []).append((a.submitted_at - a.created_at).total_seconds() / 60)
        findings = Counter((f["rule_id"], f.get("category", "")) for a in apps
                           for f in (a.review or {}).get("findings", []))
        return Dashboard(
            since=since,
            per_day=[(since + timedelta(days=i), per_day.get(since + timedelta(days=i), 0)) for i in range(days)],
            submitted=total,
            shares={"instant": share(lambda a: a.outcome == "instant"),
                    "flagged": share(lambda a: desk.flagged(a.review)),
                    "rejected": share(lambda a: a.state == states.REJECTED)},
            kiosk_minutes=sorted(((m, round(statistics.median(v), 1), len(v)) for m, v in minutes.items()),
                                 key=lambda row: -row[1]),
            top_findings=[(rule, cat, n) for (rule, cat), n in findings.most_common(10)],
            overdue=overdue)
