"""How events plugs into the `plans` app: a learning-set day is an occasion a plan can be made at
or reviewed at (kind `learning_day`, the event's public id). Registered in `apps.EventsConfig.ready`.

Plans 0005 wrote the same kind and id for plans and reviews linked to a day before the change."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.plans import occasions

from . import selectors
from .models import Event

LEARNING_DAY = "learning_day"


def learning_day_ref(event: Event) -> occasions.OccasionRef:
    return occasions.OccasionRef(kind=LEARNING_DAY, id=event.public_id)


def as_occasion(event: Event) -> occasions.Occasion:
    return occasions.Occasion(
        ref=learning_day_ref(event),
        label=event.title,
        date=timezone.localtime(event.starts_at, event.network.tz).date(),
        url=reverse("events:event-detail", args=[event.public_id]),
    )


def _by_ids(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, occasions.Occasion]:
    return {event.public_id: as_occasion(event) for event in selectors.events_by_public_ids(ids)}


def _candidates(actor: Actor, organisation: Any) -> list[occasions.Occasion]:
    days = selectors.learning_days_for_organisation(actor=actor, organisation=organisation)
    return [as_occasion(event) for event in days]


def register() -> None:
    occasions.register(
        occasions.OccasionKind(
            kind=LEARNING_DAY,
            name="learning-set day",
            lookup=_by_ids,
            candidates=_candidates,
        )
    )
