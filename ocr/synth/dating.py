"""The day a sample document is laid: its dates are drawn back from that day, so a sample is valid
whenever it is laid (a lease still runs, a passport has not expired), and an "expired" sample has
run out by then — whatever the calendar says when the suite or the simulation runs."""
from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta

# The day the committed samples (tests/samples) and the benchmark corpus are laid, so they stay
# the same from one run to the next.
REFERENCE_DAY = dt.date(2025, 6, 30)


@dataclass(frozen=True)
class Laid:
    today: dt.date = REFERENCE_DAY
    expired: bool = False      # the document's validity ran out before ``today``

    def ago(self, rng: random.Random, most: relativedelta, least: relativedelta | None = None) -> dt.date:
        """A day between ``most`` and ``least`` before today (never 29 February: anniversaries exist)."""
        start, end = self.today - most, self.today - (least or days(1))
        day = start + dt.timedelta(days=rng.randrange(max(1, (end - start).days)))
        return day.replace(day=28) if (day.month, day.day) == (2, 29) else day


def days(n: int) -> relativedelta:
    return relativedelta(days=n)


def years(n: int) -> relativedelta:
    return relativedelta(years=n)


def months(n: int) -> relativedelta:
    return relativedelta(months=n)
