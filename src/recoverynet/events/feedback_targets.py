"""Events as a "feedback target kind" (`feedback.targets`): who attended an event is who was
checked in (a confirmed, uncancelled place whose delegate e-mail is the person's); its organisers
are the network's coordinators and consultants. Registered from `EventsConfig.ready`, so the
feedback app never reads events' tables."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.feedback import targets
from recoverynet.network import access as network_access

from .access import ORGANISER_ROLES
from .models import BookingStatus, Delegate, Event

KIND = "event"


def _event(target_id: str) -> Event | None:
    try:
        public_id = uuid.UUID(str(target_id))
    except ValueError:
        return None
    return Event.objects.select_related("network").filter(public_id=public_id).first()


def _target(event: Event) -> targets.Target:
    return targets.Target(
        kind=KIND,
        id=str(event.public_id),
        label=event.title,
        url=reverse("events:event-detail", args=[event.public_id]),
        network_id=event.network_id,
        host_id=event.host_id,
        starts_at=event.starts_at,
        ends_at=event.ends_at,
        time_zone=event.network.time_zone,
        manage_url=reverse("events:event-manage", args=[event.public_id]),
    )


def get(target_id: str) -> targets.Target | None:
    event = _event(target_id)
    return _target(event) if event is not None else None


def _attended() -> Any:
    return Delegate.objects.filter(
        booking__status=BookingStatus.CONFIRMED,
        cancelled_at__isnull=True,
        checked_in_at__isnull=False,
    )


def attended(target: targets.Target, user: Any) -> bool:
    email = str(getattr(user, "email", "") or "")
    if not email:
        return False
    # Places are stored with the address in lower case: an exact match uses the address index
    # (a case-insensitive one read every place: bench/pages.py, issue #17).
    return _attended().filter(booking__event__public_id=target.id, email=email.lower()).exists()


def attendee_emails(target: targets.Target) -> list[str]:
    emails = _attended().filter(booking__event__public_id=target.id).values_list("email", flat=True)
    return sorted({e.lower() for e in emails})


def is_organiser(user: Actor | None, target: targets.Target) -> bool:
    if network_access.is_admin(user):
        return True
    kinds = network_access.roles(user).team.get(target.network_id, frozenset())
    return bool(kinds & ORGANISER_ROLES)


def attended_by(user: Any, since: datetime.datetime) -> list[str]:
    email = str(getattr(user, "email", "") or "")
    if not email:
        return []
    ids = (
        _attended()
        .filter(email=email.lower(), booking__event__ends_at__gte=since)  # indexed, lower case
        .order_by()  # sorted below, not by the models' orderings
        .values_list("booking__event__public_id", flat=True)
    )
    return sorted({str(i) for i in ids})


def register() -> None:
    targets.register(
        targets.TargetKind(
            kind=KIND,
            label="Event",
            get=get,
            attended=attended,
            attendee_emails=attendee_emails,
            is_organiser=is_organiser,
            attended_by=attended_by,
        )
    )
