"""College learning days as an occasion of the `plans` app: a college's action plan written at a
learning day, and its review at the next, name the day (kind `college_learning_day`, the
`LearningDay`'s public id). An organisation may name the learning days of the networks its colleges
belong to. Registered from `CollegesConfig.ready` (via `network_setup`).

Colleges 0003 moved the links kept before this (a review's "Reviewed at the learning day …" text,
a plan's source) onto the occasion."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.plans import occasions

from .models.network import LearningDay
from .network_sources import LEARNING_DAY_SOURCE
from .selectors import network as network_selectors

COLLEGE_LEARNING_DAY = LEARNING_DAY_SOURCE


def day_ref(day: LearningDay) -> occasions.OccasionRef:
    return occasions.OccasionRef(kind=COLLEGE_LEARNING_DAY, id=day.public_id)


def as_occasion(day: LearningDay) -> occasions.Occasion:
    return occasions.Occasion(
        ref=day_ref(day),
        label=f"Learning day: {day.theme} (hosted by {day.host.name})",
        date=timezone.localtime(day.event.starts_at).date(),
        url=reverse("learning_network:learning-day", args=[day.public_id]),
    )


def _by_ids(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, occasions.Occasion]:
    return {d.public_id: as_occasion(d) for d in network_selectors.learning_days_by_public_ids(ids)}


def _candidates(actor: Actor, organisation: Any) -> list[occasions.Occasion]:
    days = network_selectors.learning_days_for_organisation(organisation=organisation)
    return [as_occasion(d) for d in days]


def register() -> None:
    occasions.register(
        occasions.OccasionKind(
            kind=COLLEGE_LEARNING_DAY,
            name="college learning day",
            lookup=_by_ids,
            candidates=_candidates,
        )
    )
