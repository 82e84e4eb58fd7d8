"""The domain events the booking services announce (declared in `events.domain_events`), sent after
commit. Thin payloads: ids, a count and a link - never a delegate's name, e-mail or needs."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.urls import reverse

from recoverynet.core.domain_events import emit

from ..domain_events import (
    BOOKING_CANCELLED,
    BOOKING_CONFIRMED,
    EVENT_CHANGED,
    WAITING_LIST_OFFERED,
)
from ..models import Booking, Event


def _payload(booking: Booking, places: int) -> dict[str, Any]:
    return {
        "booking_id": str(booking.public_id),
        "event_id": str(booking.event.public_id),
        "organisation_id": booking.organisation_id,
        "places": places,
        "url": settings.SITE_URL + reverse("events:booking-detail", args=[booking.public_id]),
    }


def booking_confirmed(booking: Booking, *, places: int) -> None:
    emit(
        BOOKING_CONFIRMED.name,
        network_slug=booking.event.network.slug,
        data=_payload(booking, places),
    )


def booking_cancelled(booking: Booking, *, places: int) -> None:
    """`places`: how many places the booking held when it was cancelled (now released)."""
    emit(
        BOOKING_CANCELLED.name,
        network_slug=booking.event.network.slug,
        data=_payload(booking, places),
    )


def offer_made(booking: Booking, *, places: int) -> None:
    assert booking.offer_expires_at is not None
    emit(
        WAITING_LIST_OFFERED.name,
        network_slug=booking.event.network.slug,
        data={
            **_payload(booking, places),
            "offer_expires_at": booking.offer_expires_at.isoformat(),
        },
    )


def event_changed(event: Event) -> None:
    """What the public sees of the event may have changed (its cached pages go stale)."""
    emit(
        EVENT_CHANGED.name,
        network_slug=event.network.slug,
        data={
            "event_id": str(event.public_id),
            "status": event.status,
            "url": settings.SITE_URL + reverse("events:event-detail", args=[event.public_id]),
        },
    )
