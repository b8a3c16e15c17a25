"""Working days (工作日) as service guides count promised times, with China's holiday calendar.

Holidays and the weekend days worked in exchange (调休) come from the ``chinesecalendar``
package, which the State Council's yearly notice updates; for a year it does not know yet, the
days given in ``extra_holidays`` and ``extra_workdays`` apply, and otherwise Monday to Friday.
"""
from __future__ import annotations

import logging
from datetime import date, timedelta
from typing import Iterable, Sequence

import chinese_calendar

log = logging.getLogger(__name__)


class WorkCalendar:
    def __init__(self, extra_holidays: Iterable[date] = (), extra_workdays: Iterable[date] = ()):
        self.extra_holidays = frozenset(extra_holidays)
        self.extra_workdays = frozenset(extra_workdays)
        self._unknown_years: set[int] = set()

    @classmethod
    def configured(cls, holidays: Sequence[date | str], workdays: Sequence[date | str]) -> "WorkCalendar":
        """From the kiosk's HOLIDAYS / EXTRA_WORKDAYS settings: TOML dates or ISO strings (environment)."""
        return cls(map(_day, holidays), map(_day, workdays))

    def is_workday(self, day: date) -> bool:
        if day in self.extra_holidays:
            return False
        if day in self.extra_workdays:
            return True
        try:
            return chinese_calendar.is_workday(day)
        except NotImplementedError:
            if day.year not in self._unknown_years:
                self._unknown_years.add(day.year)
                log.warning("no holiday calendar for %s: counting Monday to Friday; update chinesecalendar",
                            day.year)
            return day.weekday() < 5

    def add(self, start: date, days: int) -> date:
        """The day ``days`` working days after ``start`` (the start day itself not counted)."""
        day = start
        left = days
        while left > 0:
            day += timedelta(days=1)
            if self.is_workday(day):
                left -= 1
        return day


def _day(value: date | str) -> date:
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value)
    except (TypeError, ValueError):
        raise ValueError(f"HOLIDAYS / EXTRA_WORKDAYS: {value!r} is not a date (YYYY-MM-DD)") from None
