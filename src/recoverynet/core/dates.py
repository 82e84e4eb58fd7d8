"""Calendar days in a place's own time zone.

A date judgement that belongs to a network (is a membership current? when is an invoice due? may a
payment date be in the future?) is made on that network's calendar, never the server's: at 23:00 in
London it is already tomorrow in Sydney. Use `Network.today()` or `today_in(zone)`; never
`timezone.localdate()` or `date.today()` for such a judgement.
"""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.utils import timezone


def today_in(zone: str | datetime.tzinfo) -> datetime.date:
    """Today's date on the calendar of a time zone (a name such as "Australia/Sydney" or a tzinfo)."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return timezone.localdate(timezone.now(), tz)


def local_date(moment: datetime.datetime, zone: str | datetime.tzinfo) -> datetime.date:
    """The calendar date of an aware moment in a time zone."""
    tz = ZoneInfo(zone) if isinstance(zone, str) else zone
    return timezone.localdate(moment, tz)
