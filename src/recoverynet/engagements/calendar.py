"""A consultant's sessions as an iCalendar feed (all-day entries; planned and delivered)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .arithmetic import days_text
from .models import Session, SessionState


def consultant_ics(name: str, sessions: Iterable[Session]) -> bytes:
    cal = Calendar()
    cal.add("prodid", "-//recoverynet//engagements//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    for session in sessions:
        item = ICalEvent()
        item.add("uid", f"engagement-session-{session.pk}@recoverynet")
        days = f"{days_text(session.days)} day{'s' if session.days != 1 else ''}"
        item.add("summary", f"{session.engagement.title} ({days})")
        item.add("dtstart", session.on)
        item.add("dtend", session.on + datetime.timedelta(days=1))
        item.add("dtstamp", session.updated_at)
        if session.place:
            item.add("location", session.place)
        item.add("status", "CONFIRMED" if session.state == SessionState.DELIVERED else "TENTATIVE")
        item.add(
            "url",
            settings.SITE_URL + reverse("engagements:detail", args=[session.engagement.public_id]),
        )
        cal.add_component(item)
    return cal.to_ical()
