"""Promised times count working days: weekends, public holidays and make-up workdays (调休)."""
from datetime import date

import pytest

from kiosk.domain.workdays import WorkCalendar
from tests.conftest import make_app


def test_the_national_day_week_is_not_counted_and_its_makeup_saturday_is():
    calendar = WorkCalendar()
    assert not calendar.is_workday(date(2026, 10, 1)) and calendar.is_workday(date(2026, 10, 10))
    # From Tuesday 29 September 2026: 30 Sep, then the holiday of 1–7 Oct, then 8, 9 and Saturday 10 Oct.
    assert calendar.add(date(2026, 9, 29), 1) == date(2026, 9, 30)
    assert calendar.add(date(2026, 9, 29), 2) == date(2026, 10, 8)
    assert calendar.add(date(2026, 9, 29), 4) == date(2026, 10, 10)


def test_ten_working_days_from_a_friday_end_two_weeks_later():
    assert WorkCalendar().add(date(2026, 11, 20), 10) == date(2026, 12, 4)


def test_a_year_the_package_does_not_know_counts_configured_dates_then_weekdays(caplog):
    calendar = WorkCalendar(extra_holidays=[date(2030, 1, 1)], extra_workdays=[date(2030, 1, 5)])
    assert not calendar.is_workday(date(2030, 1, 1))         # configured holiday (a Tuesday)
    assert calendar.is_workday(date(2030, 1, 5))             # configured make-up Saturday
    assert not calendar.is_workday(date(2030, 1, 6)) and calendar.is_workday(date(2030, 1, 7))
    assert "no holiday calendar for 2030" in caplog.text


def test_configured_days_come_as_toml_dates_or_iso_strings_and_nonsense_is_refused():
    calendar = WorkCalendar.configured(["2030-01-02"], [date(2030, 1, 5)])
    assert not calendar.is_workday(date(2030, 1, 2)) and calendar.is_workday(date(2030, 1, 5))
    with pytest.raises(ValueError, match="2030-13-01"):
        WorkCalendar.configured(["2030-13-01"], [])


def test_the_kiosk_counts_promised_days_with_its_configured_holidays(tmp_path):
    app = make_app(tmp_path, HOLIDAYS=["2030-01-02"])
    calendar = app.extensions["kiosk"].applications.settings.calendar
    assert calendar.add(date(2030, 1, 1), 1) == date(2030, 1, 3)
