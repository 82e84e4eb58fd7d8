"""Calendar days, and dates people type in.

A date judgement that belongs to a network (is a membership current? when is an invoice due? may a
payment date be in the future?) is made on that network's calendar, never the server's: at 23:00 in
London it is already tomorrow in Sydney. Use `Network.today()` or `today_in(zone)`; never
`timezone.localdate()` or `date.today()` for such a judgement.

Dates people type in that make no sense (an action due years ago, a paper published in 2099, a
membership starting in year 206) are refused by `check_date` and its wrappers, called from services,
so the website and the API refuse the same dates with the same message, on the field at fault,
before anything is written.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone

from .errors import ApplicationError


def today_in(zone: str | datetime.tzinfo) -> datetime.date:
    """Today's date on the calendar of a time zone (a name such as "Australia/Sydney" or a tzinfo)."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return timezone.localdate(timezone.now(), tz)


def local_date(moment: datetime.datetime, zone: str | datetime.tzinfo) -> datetime.date:
    """The calendar date of an aware moment in a time zone."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return timezone.localdate(moment, tz)


# Nothing we record happened before this, and a year typed as "206" or "0026" lands before it.
EARLIEST = datetime.date(1900, 1, 1)
# Plans, memberships and events are not made for further ahead than this.
FUTURE_YEARS = 10


def today(tz: datetime.tzinfo | None = None) -> datetime.date:
    """Today's date in `tz` (a network's time zone) or else the site's. Every date check asks here."""
    return today_in(tz) if tz is not None else timezone.localdate()


def years_after(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later (28 February for 29 February in a common year)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def latest_plausible(tz: datetime.tzinfo | None = None) -> datetime.date:
    return years_after(today(tz), FUTURE_YEARS)


def _day(value: datetime.date) -> str:
    return f"{value.day} {value:%B} {value.year}"


def check_date(
    value: datetime.date | None,
    *,
    field: str,
    label: str,
    earliest: datetime.date | None = EARLIEST,
    latest: datetime.date | None = None,
    tz: datetime.tzinfo | None = None,
    hint: str = "",
) -> None:
    """Refuse `value` outside [earliest, latest] (either may be None for no bound) with a message
    naming the field by its `label` ("The due date"), e.g. "The due date must be on or after
    4 December 2025." A bound equal to today reads "today or in the past/future". `hint` follows
    the message, to say why the bound is there."""
    if value is None:
        return
    now = today(tz)
    message = ""
    if earliest is not None and value < earliest:
        message = (
            f"{label} must be today or in the future."
            if earliest == now
            else f"{label} must be on or after {_day(earliest)}."
        )
    elif latest is not None and value > latest:
        message = (
            f"{label} must be today or in the past."
            if latest == now
            else f"{label} must be on or before {_day(latest)}."
        )
    if message:
        raise ApplicationError("invalid", f"{message} {hint}".strip(), field=field, status=422)


PLANNED_PAST_DAYS = 365


def check_planned(
    value: datetime.date | None, *, field: str, label: str, tz: datetime.tzinfo | None = None
) -> None:
    """A date for something planned (an action's due date, an event's day): from a year ago (a
    plan written up after the event) to FUTURE_YEARS ahead."""
    now = today(tz)
    check_date(
        value,
        field=field,
        label=label,
        earliest=now - datetime.timedelta(days=PLANNED_PAST_DAYS),
        latest=years_after(now, FUTURE_YEARS),
        tz=tz,
        hint=f"It can be up to a year ago and up to {FUTURE_YEARS} years ahead.",
    )


def check_not_future(
    value: datetime.date | None, *, field: str, label: str, tz: datetime.tzinfo | None = None
) -> None:
    """A date something already happened (a publication date): not after today, not before 1900."""
    check_date(value, field=field, label=label, latest=today(tz), tz=tz)
