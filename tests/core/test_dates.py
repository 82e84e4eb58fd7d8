"""The one date check: "today" in one place, and clear messages for dates that make no sense."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from recoverynet.core import dates
from recoverynet.core.errors import ApplicationError


def test_today_is_judged_in_the_given_time_zone(monkeypatch: pytest.MonkeyPatch) -> None:
    # 23:30 on 31 December in London is already 1 January in Sydney.
    instant = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)
    monkeypatch.setattr(timezone, "now", lambda: instant)
    assert dates.today(ZoneInfo("Europe/London")) == datetime.date(2026, 12, 31)
    assert dates.today(ZoneInfo("Australia/Sydney")) == datetime.date(2027, 1, 1)


def test_years_after_keeps_the_day_or_uses_28_february() -> None:
    assert dates.years_after(datetime.date(2026, 3, 1), 10) == datetime.date(2036, 3, 1)
    assert dates.years_after(datetime.date(2028, 2, 29), 1) == datetime.date(2029, 2, 28)


def _message(value: datetime.date, **bounds: datetime.date) -> str:
    with pytest.raises(ApplicationError) as caught:
        dates.check_date(value, field="due", label="The due date", **bounds)
    assert caught.value.field == "due" and caught.value.status == 422
    return caught.value.message


def test_messages_name_the_field_and_the_bound() -> None:
    today = dates.today()
    assert _message(datetime.date(206, 1, 1)) == "The due date must be on or after 1 January 1900."
    assert _message(today + datetime.timedelta(days=1), latest=today) == (
        "The due date must be today or in the past."
    )
    assert _message(today - datetime.timedelta(days=1), earliest=today) == (
        "The due date must be today or in the future."
    )
    assert _message(datetime.date(2099, 1, 1), latest=datetime.date(2030, 5, 4)) == (
        "The due date must be on or before 4 May 2030."
    )


def test_dates_inside_the_bounds_and_no_date_pass() -> None:
    today = dates.today()
    dates.check_date(None, field="due", label="The due date", latest=today)
    dates.check_date(today, field="due", label="The due date", earliest=today, latest=today)
    dates.check_planned(today - datetime.timedelta(days=365), field="due", label="The due date")
    dates.check_planned(dates.years_after(today, 10), field="due", label="The due date")


def test_planned_dates_are_from_a_year_ago_to_ten_years_ahead() -> None:
    today = dates.today()
    for day in (
        today - datetime.timedelta(days=366),
        dates.years_after(today, 10) + datetime.timedelta(days=1),
    ):
        with pytest.raises(ApplicationError, match="It can be up to a year ago and up to 10 years"):
            dates.check_planned(day, field="due", label="The due date")
