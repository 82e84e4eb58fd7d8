"""The event as a booking reads it (its row, learning set and active rates; its network and tax
rates from `network.reference`), kept in the shared cache: the booking API is the busiest write,
and reading these took three queries and about 2 ms of CPU before the event's lock was even asked
for (issue #17).

Nothing a booking promises depends on this copy being fresh: whether the event takes bookings is
checked again on the locked row, and places are counted under the lock. What the copy gives is
the price (its rates, the network's tax rate), as the same reads did before the lock without it.

Saving or deleting any event or rate changes the one topic (`core.versioned`), so the next
booking in any process reads afresh; a write that sends no signal (`QuerySet.update`, raw SQL) is
seen within `BOUND_SECONDS` (the key holds a slot of the clock, as `accounts.token_lookup` does).
An event that is not found is never kept.
"""

from __future__ import annotations

import time
from typing import Any
from uuid import UUID

from django.db.models import Prefetch
from django.db.models.signals import post_delete, post_save

from recoverynet.core import versioned
from recoverynet.network import reference as network_reference

from .models import Event, Rate

TOPIC = "events:to-book"
BOUND_SECONDS = 300


def event_to_book(public_id: UUID) -> Event | None:
    """The event with this public id, its learning set, active rates, network and the network's
    tax rates; or None. Whether the asker may see it is for the caller (`selectors`)."""
    event = versioned.read(
        TOPIC,
        lambda: _load(public_id),
        part=f"{public_id}:{int(time.time() // BOUND_SECONDS)}",
        keep=lambda e: e is not None,
        seconds=BOUND_SECONDS,
    )
    if event is None:
        return None
    network = network_reference.network_by_pk(event.network_id)
    if network is not None:
        event.network = network  # kept on its own topic, with the tax rates that price a place
    return event


def _load(public_id: UUID) -> Event | None:
    return (
        Event.objects.select_related("learning_set")
        .prefetch_related(Prefetch("rates", queryset=Rate.objects.filter(active=True)))
        .filter(public_id=public_id)
        .first()
    )


def _changed(sender: Any, **kwargs: Any) -> None:
    versioned.changed(TOPIC)


def connect() -> None:
    """Listen for every save and deletion of an event or a rate (from EventsConfig.ready)."""
    for model in (Event, Rate):
        uid = f"events-kept-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-del")
