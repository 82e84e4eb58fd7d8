"""Engagement sessions as an occasion of the `plans` app: an action plan made at a coaching
session (or reviewed at one) names it (kind `engagement_session`, the session's public id).
A client organisation may name the delivered sessions of its engagements. Registered from
`EngagementsConfig.ready`."""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.plans import occasions

from . import selectors
from .models import Session

ENGAGEMENT_SESSION = "engagement_session"


def session_ref(session: Session) -> occasions.OccasionRef:
    return occasions.OccasionRef(kind=ENGAGEMENT_SESSION, id=session.public_id)


def as_occasion(session: Session) -> occasions.Occasion:
    engagement = session.engagement
    return occasions.Occasion(
        ref=session_ref(session),
        label=f"{engagement.title}: session on {session.on:%-d %b %Y}",
        date=session.on,
        url=reverse("engagements:detail", args=[engagement.public_id]) + "#sessions",
    )


def _by_ids(ids: Sequence[uuid.UUID]) -> dict[uuid.UUID, occasions.Occasion]:
    return {s.public_id: as_occasion(s) for s in selectors.sessions_by_public_ids(ids)}


def _candidates(actor: Actor, organisation: Any) -> list[occasions.Occasion]:
    sessions = selectors.delivered_sessions_for_organisation(actor=actor, organisation=organisation)
    return [as_occasion(s) for s in sessions]


def register() -> None:
    occasions.register(
        occasions.OccasionKind(
            kind=ENGAGEMENT_SESSION,
            name="engagement session",
            lookup=_by_ids,
            candidates=_candidates,
            openable=lambda actor, ids: selectors.openable_session_ids(actor=actor, ids=ids),
        )
    )
