"""The per-row tags of the events and bookings tables (events/templatetags/event_tags.py)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from django.template import Context, Template

from recoverynet.events.models import Booking, Event
from recoverynet.network.models import Network


def _render(source: str, **context: object) -> str:
    return Template("{% load event_tags %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("time_zone", "day"), [("Europe/London", "3 Dec 2026"), ("Australia/Sydney", "4 Dec 2026")]
)
def test_an_event_s_day_is_where_it_is_run(time_zone: str, day: str) -> None:
    late = datetime(2026, 12, 3, 23, 30, tzinfo=UTC)
    event = Event(starts_at=late, network=Network(time_zone=time_zone))
    assert _render("{{ event|event_day }}", event=event) == day


@pytest.mark.parametrize(
    ("status", "colour"),
    [
        *[("confirmed", "green"), ("offered", "blue"), ("waiting", "yellow")],
        *[("cancelled", "red"), ("expired", "grey"), ("declined", "grey")],
    ],
)
def test_a_booking_s_status_says_it_in_words_and_colour(status: str, colour: str) -> None:
    booking = Booking(status=status)
    html = _render("{% booking_status booking %}", booking=booking)
    assert html == (
        f'<strong class="nhsuk-tag nhsuk-tag--{colour}">{booking.get_status_display()}</strong>'
    )


def test_an_event_s_status_tag_is_grey_unless_published_or_cancelled() -> None:
    html = _render("{% event_status event %}", event=Event(status="draft"))
    assert html == '<strong class="nhsuk-tag nhsuk-tag--grey">Draft</strong>'
    assert 'nhsuk-tag--green">Published<' in _render(
        "{% event_status event %}", event=Event(status="published")
    )
