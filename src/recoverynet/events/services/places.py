"""Counting and locking places.

The rule that matters most: capacity is never exceeded. Every change that takes or frees places runs
in one transaction that first locks the event row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE) and then recounts held places from the bookings themselves.
Nothing is kept in a counter.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import connection
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
    """Inside the event lock: held places, the waiting list and stale offers, in one query.

    Written as SQL because it runs while every other booking for the event waits on the lock:
    building the same query with the ORM (three filtered counts across a join) took 0.9 ms of
    Python each time, more than PostgreSQL takes to answer it (issue #17). The same SQL runs on
    SQLite; `tests/events/test_places_count.py` checks it against the ORM's count for every status."""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    confirmed, waiting, offered = (
        BookingStatus.CONFIRMED.value,
        BookingStatus.WAITING.value,
        BookingStatus.OFFERED.value,
    )
    with connection.cursor() as cursor:
        cursor.execute(
            _PLACES_SQL, [confirmed, offered, now, waiting, offered, now, offered, now, event.pk]
        )
        held, waiting_count, stale = cursor.fetchone()
    free = None if event.capacity is None else max(event.capacity - int(held or 0), 0)
    return Places(free=free, waiting=int(waiting_count or 0) > 0, stale_offers=int(stale or 0) > 0)


_PLACES_SQL = f"""
    SELECT
        SUM(CASE WHEN b.status = %s OR (b.status = %s AND b.offer_expires_at > %s) THEN 1 ELSE 0 END),
        SUM(CASE WHEN b.status = %s OR (b.status = %s AND b.offer_expires_at > %s) THEN 1 ELSE 0 END),
        SUM(CASE WHEN b.status = %s AND b.offer_expires_at <= %s THEN 1 ELSE 0 END)
    FROM {Delegate._meta.db_table} d
    JOIN {Booking._meta.db_table} b ON b.id = d.booking_id
    WHERE b.event_id = %s AND d.cancelled_at IS NULL
"""  # noqa: S608 (table names are our own)


def _get_for_update(booking: Booking) -> tuple[Event, Booking]:
    event = _lock(booking.event)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event__network", "booker", "organisation")
        .get(pk=booking.pk)
    )
    booking.event = event
    return event, booking
