"""Reads for the secret calendar feed: whether a consultant has one, and a feed by its token.

The token stands in for signing in, so access is checked again at every fetch: the feed lists
the person's sessions only on networks where they are still a consultant (or the lead), only on
engagements still going ahead, and nothing cancelled. It carries what the consultant already sees
on their calendar page: the engagement's title, the days and the place; never notes,
attendance or anything about the client's people."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import tokens
from recoverynet.core.errors import NotFound

from .. import access
from ..models import CalendarFeed, EngagementStatus, Session, SessionState


def has_calendar_feed(*, actor: Actor) -> bool:
    return is_person(actor) and CalendarFeed.objects.filter(consultant=actor).exists()


@dataclass(frozen=True)
class Feed:
    person: Any
    sessions: QuerySet[Session]


def calendar_feed(*, token: str) -> Feed:
    """The feed a token opens; 404 for an unknown, reset or revoked token."""
    if not token or len(token) > 100:
        raise NotFound("There is no calendar feed at this address.")
    feed = (
        CalendarFeed.objects.select_related("consultant")
        .filter(token_hash=tokens.digest(token))
        .first()
    )
    if feed is None or not feed.consultant.is_active:
        raise NotFound("There is no calendar feed at this address.")
    person = feed.consultant
    networks = access.consulting_network_ids(person) | access.lead_network_ids(person)
    sessions = (
        Session.objects.filter(consultant=person, engagement__network_id__in=networks)
        .exclude(state=SessionState.CANCELLED)
        .exclude(engagement__status=EngagementStatus.NOT_GOING_AHEAD)
        .select_related("engagement")
        .order_by("on")
    )
    return Feed(person=person, sessions=sessions)
