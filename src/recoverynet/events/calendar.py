"""iCalendar files: one per event, and a feed per network."""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.urls import reverse
from icalendar import Calendar
from icalendar import Event as ICalEvent

from .models import Event, EventStatus


def _calendar(name: str) -> Calendar:
    cal = Calendar()
    cal.add("prodid", "-//recoverynet//events//EN")
    cal.add("version", "2.0")
    cal.add("x-wr-calname", name)
    return cal


def _component(event: Event, *, include_joining_link: bool = False) -> ICalEvent:
    item = ICalEvent()
    item.add("uid", f"{event.public_id}@recoverynet")
    item.add("summary", event.title)
    item.add("dtstart", event.starts_at)
    item.add("dtend", event.ends_at)
    item.add("dtstamp", event.updated_at)
    location = ", ".join(
        p for p in [event.venue_name, event.venue_address.replace("\n", ", ")] if p
    )
    if event.online and not location:
        location = "Online"
    if location:
        item.add("location", location)
    description = event.summary
    if include_joining_link and event.joining_link:
        description = f"{description}\n\nJoin online: {event.joining_link}".strip()
    if description:
        item.add("description", description)
    item.add("url", settings.SITE_URL + reverse("events:event-detail", args=[event.public_id]))
    item.add("status", "CANCELLED" if event.status == EventStatus.CANCELLED else "CONFIRMED")
    return item


def event_ics(event: Event, *, include_joining_link: bool = False) -> bytes:
    cal = _calendar(event.title)
    cal.add_component(_component(event, include_joining_link=include_joining_link))
    return cal.to_ical()


def feed_ics(name: str, events: Iterable[Event]) -> bytes:
    cal = _calendar(name)
    for event in events:
        cal.add_component(_component(event))
    return cal.to_ical()
