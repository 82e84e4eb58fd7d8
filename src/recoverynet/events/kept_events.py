"""The event as a booking reads it before taking the event's lock (the columns the checks read, its
learning set and active rates; its network and tax rates from `network.reference`), kept in the
shared cache: the booking API is the busiest write, and reading these took three queries and about
2 ms of CPU before the lock was even asked for (issue #17, decision 0054).

What the copy decides, as the same reads before the lock did: whether the person may see the event
(a draft is not found), the delegate limit, the learning set's cohort rule, which rates are active
and their prices, the tax rate and the currency. What it never decides: whether the event takes
bookings is checked again on the locked row, and places are counted under the lock. The booking
service also compares the copy's delegate limit, learning set, start and network with the locked
row, and checks and prices again on the row if they differ (`services.bookings._book`).

Saving or deleting any event, rate or learning set changes the one topic (`core.versioned`), as
does `migrate`; so the next booking in any process reads afresh. A write that sends no signal
(`QuerySet.update`, raw SQL) is seen within `BOUND_SECONDS`: the key holds a slot of the clock,
offset per event so that busy events are not all read again in the same second. An event that is
not found is never kept. Without a shared cache it is read every time, in one query as before.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_migrate, post_save

from recoverynet.core import versioned
from recoverynet.network import reference as network_reference

from .models import Event, LearningSet, Rate

TOPIC = "events:to-book"
BOUND_SECONDS = 300
# What the checks before the lock read (selectors, booking_rules, services.bookings), and no more:
# every booking unpickles the copy, and the description can be long.
FIELDS = (
    *("public_id", "network", "learning_set", "status", "booking_mode", "external_url"),
    *("starts_at", "booking_opens_at", "booking_closes_at", "max_delegates_per_booking"),
)


def event_to_book(public_id: UUID) -> Event | None:
    """The event with this public id, its learning set, active rates, network and the network's
    tax rates; or None. Whether the asker may see it is for the caller (`selectors`)."""
    if not settings.REDIS_URL:
        return _query(public_id, every_column=True).select_related("network").first()
    event = versioned.read(
        TOPIC,
        lambda: _query(public_id).first(),
        part=f"{public_id}:{_slot(public_id)}",
        keep=lambda e: e is not None,
        seconds=BOUND_SECONDS,
    )
    if event is None:
        return None
    network = network_reference.network_by_pk(event.network_id)
    if network is not None:
        event.network = network  # kept on its own topic, with the tax rates that price a place
    return event


def _slot(public_id: UUID) -> int:
    offset = public_id.int % BOUND_SECONDS
    return int((time.time() + offset) // BOUND_SECONDS)


def _query(public_id: UUID, *, every_column: bool = False) -> Any:
    events = Event.objects.select_related("learning_set")
    if not every_column:
        events = events.only(*FIELDS, "learning_set__id")
    rates = Prefetch("rates", queryset=Rate.objects.filter(active=True))
    return events.prefetch_related(rates).filter(public_id=public_id)


def _changed(sender: Any, **kwargs: Any) -> None:
    versioned.changed(TOPIC)


def connect() -> None:
    """Listen for every save and deletion of an event, a rate or a learning set (deleting a
    learning set sets its days' `learning_set` to NULL without a signal for them), and for
    `migrate`, after which a kept copy may lack a new column (from EventsConfig.ready)."""
    for model in (Event, Rate, LearningSet):
        uid = f"events-kept-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-del")
    post_migrate.connect(_changed, dispatch_uid="events-kept-migrate")
