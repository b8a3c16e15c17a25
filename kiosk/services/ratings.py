"""好差评: the citizen rates the service after submission and after pickup, once each."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from typing import Callable

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from kiosk.domain import states
from kiosk.domain.audit import mask_text
from kiosk.services.applications import ApplicationError
from kiosk.storage.db import Database
from kiosk.storage.models import Application, Rating, utcnow

LEVELS = (5, 4, 3, 2, 1)            # 非常满意 满意 基本满意 不满意 非常不满意
OCCASIONS = ("submission", "pickup")
# The fixed list of reasons (好差评 practice: praise and complaint reasons the citizen ticks).
REASONS = ("fast", "easy", "clear_guidance", "helpful_staff", "slow", "hard_to_use", "unclear_materials",
           "device_fault")
MAX_COMMENT = 500


@dataclass(frozen=True)
class MatterRatings:
    matter_id: str
    count: int
    average: float
    levels: dict[int, int]       # level → count
    reasons: list[tuple[str, int]]   # most frequent first


class RatingService:
    def __init__(self, db: Database, clock: Callable[[], datetime] = utcnow):
        self.db = db
        self.clock = clock

    def rate(self, app_id: int, occasion: str, level: int, reasons: list[str] | tuple[str, ...] = (),
             comment: str = "") -> None:
        """Record one rating; a second one for the same application and occasion is refused."""
        if occasion not in OCCASIONS or level not in LEVELS or any(r not in REASONS for r in reasons):
            raise ApplicationError("评价内容无效。", f"rating {occasion} {level} {reasons}")
        try:
            with self.db.session() as s:
                app = s.get(Application, app_id)
                if app is None or app.number is None:
                    raise ApplicationError("没有找到该申请。", f"no submitted application {app_id}")
                if occasion == "pickup" and app.state != states.COMPLETED:
                    raise ApplicationError("取件后才能评价取件服务。", f"state {app.state}")
                # Free text may name people or numbers: keep it short and masked.
                s.add(Rating(application_id=app.id, matter_id=app.matter_id, occasion=occasion, level=level,
                             reasons=sorted(set(reasons)), comment=mask_text(comment.strip()[:MAX_COMMENT]),
                             at=self.clock()))
        except IntegrityError:
            raise ApplicationError("您已评价过，感谢您的反馈。", f"rated {app_id} {occasion} before") from None

    def rated(self, app_id: int) -> set[str]:
        """The occasions already rated for this application."""
        with self.db.session() as s:
            return set(s.scalars(select(Rating.occasion).where(Rating.application_id == app_id)))

    def per_matter(self) -> list[MatterRatings]:
        """Ratings summed up per matter, the most rated first."""
        with self.db.session() as s:
            rows = list(s.scalars(select(Rating)))
        grouped: dict[str, list[Rating]] = {}
        for r in rows:
            grouped.setdefault(r.matter_id, []).append(r)
        out = [MatterRatings(matter_id=m, count=len(rs), average=round(sum(r.level for r in rs) / len(rs), 2),
                             levels={lv: sum(1 for r in rs if r.level == lv) for lv in LEVELS},
                             reasons=Counter(x for r in rs for x in r.reasons).most_common())
               for m, rs in grouped.items()]
        return sorted(out, key=lambda m: (-m.count, m.matter_id))
