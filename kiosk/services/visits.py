"""A visit: one person at the kiosk's screen, from the first touch to leaving.

Everything personal the screen keeps between requests belongs to the visit — the draft, the
application just submitted, the card the visit read, the passport key, the locker doors it
opened, the case it looked up, the display preferences — and ends with it, in ``end``: the draft
is wiped, the devices forget what they hold for the visit (listeners), the record is dropped.
The browser keeps only the visit's random id; a visit that ended leaves that id pointing at
nothing. A kiosk that restarted mid-visit (a crash, a power cut) finds the visit's case again
from the database (``find_case``): the draft being filled in, or the application just submitted
and its receipt; an ended visit released its cases (``release_case``), so its id finds none.
"""
from __future__ import annotations

import logging
import secrets
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Callable

log = logging.getLogger(__name__)


@dataclass
class Visit:
    """What one visit holds. Preferences are part of it: the next person starts in Chinese, normal text."""

    id: str
    seen_at: datetime
    draft_id: int | None = None          # the unsubmitted application being filled in
    submitted_id: int | None = None      # the application this visit submitted (its receipt, its originals)
    card_seq: int | None = None          # which card placement identified the draft
    progress_token: str | None = None    # the case looked up at 查询办理进度
    locker_doors: list[int] = field(default_factory=list)   # reservations whose doors this visit opened
    print_problem: str | None = None
    echo: dict = field(default_factory=dict)     # what was typed, shown again after a redirect
    lang: str | None = None
    large_text: bool = False
    high_contrast: bool = False

    @property
    def holds_case(self) -> bool:
        """Whether the visit holds more than display preferences."""
        return bool(self.draft_id or self.submitted_id or self.card_seq or self.progress_token
                    or self.locker_doors)


CaseFinder = Callable[[str], "tuple[int | None, int | None] | None"]


class VisitService:
    """The open visits of this kiosk, in memory; after a restart only their cases are found again.

    ``end`` is the one way a visit ends (完成, idle, 重新开始, the card taken away, the home
    screen, a new application, the server-side idle sweep); listeners (the terminal) hear of
    every visit begun and ended, and drop what they hold for one that ended.
    """

    def __init__(self, wipe_draft: Callable[[int, str], object], clock: Callable[[], datetime],
                 find_case: CaseFinder = lambda visit_id: None,
                 release_case: Callable[[str], None] = lambda visit_id: None):
        self._wipe_draft = wipe_draft
        self._find_case, self._release_case = find_case, release_case
        self.clock = clock
        self._visits: dict[str, Visit] = {}
        self._lock = threading.Lock()
        self._begun: list[Callable[[str], None]] = []
        self._ended: list[Callable[[str], None]] = []

    def add_listener(self, begun: Callable[[str], None], ended: Callable[[str], None]) -> None:
        self._begun.append(begun)
        self._ended.append(ended)

    def begin(self, visit_id: str | None = None, **case) -> Visit:
        visit = Visit(id=visit_id or secrets.token_urlsafe(24), seen_at=self.clock(), **case)
        with self._lock:
            self._visits[visit.id] = visit
        for begun in self._begun:
            begun(visit.id)
        return visit

    def get(self, visit_id: str | None, *, seen: bool = False) -> Visit | None:
        """The open visit with this id, None once it ended; ``seen``: the person did something
        (a page, a touch), which keeps the visit from the idle sweep. Polls do not count."""
        with self._lock:
            visit = self._visits.get(visit_id) if visit_id else None
            if visit is not None and seen:
                visit.seen_at = self.clock()
        if visit is None and visit_id:
            visit = self._resume(visit_id)
        return visit

    def _resume(self, visit_id: str) -> Visit | None:
        """A visit the kiosk forgot in a restart, begun again around its case, if it has one."""
        case = self._find_case(visit_id)
        if case is None:
            return None
        draft_id, submitted_id = case
        log.info("visit resumed after a restart")
        return self.begin(visit_id, draft_id=draft_id, submitted_id=submitted_id)

    def end(self, visit_id: str | None, reason: str) -> bool:
        """End the visit: wipe its draft, tell the devices, forget everything it held."""
        with self._lock:
            visit = self._visits.pop(visit_id, None) if visit_id else None
        if visit is None:
            return False
        if visit.draft_id:
            self._wipe_draft(visit.draft_id, reason)
        self._release_case(visit.id)
        for ended in self._ended:
            ended(visit.id)
        log.info("visit ended (%s)", reason)
        return True

    def end_idle(self, idle: timedelta) -> int:
        """End visits no request has touched for ``idle`` (a browser closed or crashed mid-visit)."""
        cutoff = self.clock() - idle
        with self._lock:
            stale = [v.id for v in self._visits.values() if v.seen_at < cutoff]
        return sum(self.end(visit_id, "idle") for visit_id in stale)
