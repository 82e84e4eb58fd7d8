"""E-mails about events and bookings, all through the outbox, each with a plain-text part."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from recoverynet.core import outbox

from ..calendar import event_ics
from ..models import Booking, Delegate, Event


def _url(name: str, *args: Any) -> str:
    return settings.SITE_URL + reverse(name, args=args)


def _body(template: str, context: dict[str, Any]) -> str:
    return render_to_string(
        f"events/email/{template}.txt", {**context, "site_url": settings.SITE_URL}
    )


def _send(template: str, to: str, subject: str, context: dict[str, Any], **kwargs: Any) -> None:
    """One message to one person."""
    outbox.enqueue(to=[to], subject=subject, body_text=_body(template, context), **kwargs)


def _send_each(
    template: str, to: list[str], subject: str, context: dict[str, Any], **kwargs: Any
) -> None:
    """The same message to everyone in `to`, one message each (never a shared `To:`)."""
    outbox.enqueue_each(to=to, subject=subject, body_text=_body(template, context), **kwargs)


def _recipient(booking: Booking) -> str:
    return str(booking.booker.email)


def offer_made(booking: Booking) -> None:
    _send(
        "offer_made",
        _recipient(booking),
        f"A place is free for you: {booking.event.title}",
        {
            "booking": booking,
            "event": booking.event,
            "link": _url("events:booking-detail", booking.public_id),
        },
    )


def offer_expired(booking: Booking) -> None:
    _send(
        "offer_expired",
        _recipient(booking),
        f"Your offer has expired: {booking.event.title}",
        {"booking": booking, "event": booking.event},
    )


def booking_cancelled(booking: Booking, reason: str) -> None:
    _send(
        "booking_cancelled",
        _recipient(booking),
        f"Booking cancelled: {booking.event.title}",
        {"booking": booking, "event": booking.event, "reason": reason},
    )


def cancellation_undone(booking: Booking, places: list[Delegate]) -> None:
    """To the booker: the cancellation was undone and these places are back."""
    _send(
        "cancellation_undone",
        _recipient(booking),
        f"Cancellation undone: {booking.event.title}",
        {
            "booking": booking,
            "event": booking.event,
            "places": places,
            "link": _url("events:booking-detail", booking.public_id),
        },
    )


def event_changed(event: Event, people: list[str], changes: list[str]) -> None:
    if not people:
        return
    _send_each(
        "event_changed",
        people,
        f"Changes to {event.title}",
        {
            "event": event,
            "changes": changes,
            "link": _url("events:event-detail", event.public_id),
        },
        attachments=[("event.ics", "text/calendar", event_ics(event))],
    )


def event_cancelled(event: Event, people: list[str], reason: str) -> None:
    if not people:
        return
    _send_each(
        "event_cancelled",
        people,
        f"Cancelled: {event.title}",
        {"event": event, "reason": reason},
    )


def booking_opens(event: Event, email: str, name: str) -> None:
    _send(
        "booking_opens",
        email,
        f"Booking is open: {event.title}",
        {"event": event, "name": name, "link": _url("events:event-detail", event.public_id)},
    )


def reminder(event: Event, people: list[str]) -> None:
    if not people:
        return
    _send_each(
        "reminder",
        people,
        f"Reminder: {event.title}",
        {"event": event, "link": _url("events:event-detail", event.public_id)},
        attachments=[("event.ics", "text/calendar", event_ics(event, include_joining_link=True))],
    )


def credit_note_issued(note: Any, booking: Booking) -> None:
    # To the booker alone, as the invoice was; a link for the same reason as invoice_issued.
    _send(
        "credit_note_issued",
        booking.booker.email,
        f"Credit note {note.number}",
        {
            "note": note,
            "booking": booking,
            "link": _url("billing:credit-note-pdf", note.public_id),
        },
    )
