"""The small pieces every row of an events or bookings table shows: a status as a coloured tag
that says it in words, and an event's day in its network's time zone.

Python, not included templates: an `{% include %}` per cell was about a third of the time a
40-row table took to render ("My bookings", issue #17)."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django import template
from django.utils import timezone
from django.utils.dateformat import format as format_date
from django.utils.html import format_html
from django.utils.safestring import SafeString

from ..models import Booking, Event

register = template.Library()

_BOOKING_COLOURS = {
    "confirmed": "green",
    "offered": "blue",
    "waiting": "yellow",
    "cancelled": "red",
}
_EVENT_COLOURS = {"published": "green", "cancelled": "red"}


def _tag(colour: str, words: str) -> SafeString:
    return format_html('<strong class="nhsuk-tag nhsuk-tag--{}">{}</strong>', colour, words)


@register.simple_tag
def booking_status(booking: Booking) -> SafeString:
    return _tag(_BOOKING_COLOURS.get(booking.status, "grey"), booking.get_status_display())


@register.simple_tag
def event_status(event: Event) -> SafeString:
    return _tag(_EVENT_COLOURS.get(event.status, "grey"), event.get_status_display())


@register.filter
def event_day(event: Event) -> str:
    """The day the event starts where it is run, e.g. "4 Dec 2026" (whatever the reader's zone)."""
    return format_date(
        timezone.localtime(event.starts_at, ZoneInfo(event.network.time_zone)), "j M Y"
    )
