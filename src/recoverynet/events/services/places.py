"""Counting and locking places.

The rule that matters most: capacity is never exceeded. Every change that takes or frees places runs
in one transaction that first locks the event row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE) and then recounts held places from the bookings themselves.
Nothing is kept in a counter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q
from django.utils import timezone

from ..models import (
    Booking,
    BookingStatus,
    Delegate,
    Event,
)

# --- Counting places (the counts themselves are selectors: held_places, free_places) ------------


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("network").get(pk=event.pk)


def _active_count(booking: Booking) -> int:
    return booking.delegates.filter(cancelled_at__isnull=True).count()


@dataclass(frozen=True)
class Places:
    free: int | None  # None: no limit
    waiting: bool  # someone is on the waiting list or holding an offer
    stale_offers: bool  # offers past their time that still need expiring


def _places(event: Event) -> Places:
    """Inside the event lock: held places, the waiting list and stale offers, in one query."""
    now = timezone.now()
    confirmed = Q(booking__status=BookingStatus.CONFIRMED)
    live_offer = Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__gt=now)
    stale_offer = Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__lte=now)
    counts = Delegate.objects.filter(booking__event=event, cancelled_at__isnull=True).aggregate(
        held=Count("id", filter=confirmed | live_offer),
        waiting=Count("id", filter=Q(booking__status=BookingStatus.WAITING) | live_offer),
        stale=Count("id", filter=stale_offer),
    )
    free = None if event.capacity is None else max(event.capacity - counts["held"], 0)
    return Places(free=free, waiting=counts["waiting"] > 0, stale_offers=counts["stale"] > 0)


def _get_for_update(booking: Booking) -> tuple[Event, Booking]:
    event = _lock(booking.event)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event__network", "booker", "organisation")
        .get(pk=booking.pk)
    )
    booking.event = event
    return event, booking
