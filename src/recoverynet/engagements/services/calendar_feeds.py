"""A consultant's secret calendar-feed address: made or reset (the old address stops working at
once) and turned off. The raw token is returned once, to show; only its digest is stored."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor, is_person, person
from recoverynet.core import audit, tokens
from recoverynet.core.errors import PermissionDenied

from .. import access
from ..models import CalendarFeed

PURPOSE = "engagements.calendar_feed"


def _require_consultant(actor: Actor) -> None:
    if not is_person(actor) or not access.consulting_network_ids(actor):
        raise PermissionDenied("Only the network team's consultants have a calendar feed.")


@transaction.atomic
def calendar_feed_reset(*, actor: Actor) -> str:
    """A new secret address for the actor's own feed, replacing any old one. Returns the token."""
    _require_consultant(actor)
    token = tokens.issue(PURPOSE, None)
    feed, created = CalendarFeed.objects.update_or_create(
        consultant=person(actor), defaults={"token_hash": token.hash}
    )
    audit.record(
        actor=actor,
        action="engagements.calendar_feed.reset",
        obj=feed,
        changes={"new": created},
    )
    return token.raw


@transaction.atomic
def calendar_feed_revoke(*, actor: Actor) -> bool:
    """Turn the actor's feed off: its address stops working. False if there was none."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to turn off your calendar feed.")
    feed = CalendarFeed.objects.filter(consultant=actor).first()
    if feed is None:
        return False
    audit.record(actor=actor, action="engagements.calendar_feed.revoked", obj=feed, changes={})
    feed.delete()
    return True
