"""Whom a booking concerns, and which of those a kept page shows: so a booking made elsewhere in the
network leaves a person's kept page kept (core.private_pages, decisions 0052 and 0053).

A booking is shown as one's own to its booker, to the leads of the organisation it is for, and to
each person holding a place (matched by e-mail address, as `selectors.bookings_for_person` does);
and to the organisers of its event, on that event's pages. None of these changes after the booking
is made, so the same scopes name its people before and after any write."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from recoverynet.accounts.actors import Actor, person
from recoverynet.core.private_pages import email_scope, organisation_scope, person_scope
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole

from .models import Booking, Delegate, Event


def event_scope(event_id: int) -> str:
    return f"event:{event_id}"


def booking_scopes(booking: Booking) -> list[str]:
    """Registered for Booking (apps.py). Every place counts, cancelled ones too (their holders saw
    the booking until then): read with one query, except for a booking just made, whose places
    the service hands over (`remember_places`). Never from a prefetch, which may hold only some."""
    scopes = [person_scope(booking.booker_id), event_scope(booking.event_id)]
    if booking.organisation_id is not None:
        scopes.append(organisation_scope(booking.organisation_id))
    emails = getattr(booking, _PLACE_EMAILS, None)
    if emails is None:
        emails = Delegate.objects.filter(booking_id=booking.pk).values_list("email", flat=True)
    scopes += [email_scope(email) for email in emails]
    return scopes


_PLACE_EMAILS = "_recoverynet_place_emails"


def remember_places(booking: Booking, places: list[Delegate]) -> None:
    """Every place of a booking just made, so its scopes are known without a query while the
    event is locked."""
    setattr(booking, _PLACE_EMAILS, [place.email for place in places])


def my_bookings_scopes(actor: Actor) -> Mapping[str, Iterable[str]]:
    """What "My bookings" shows of events and billing: the person's bookings and places, their
    invoices, and the bookings and invoices of each organisation they lead (the roles come from the
    shared cache, which a change of role makes stale)."""
    led = [
        organisation_scope(org_id)
        for org_id, role in network_access.roles(actor).orgs.items()
        if role == AffiliationRole.RECOVERY_LEAD
    ]
    who = person(actor)
    own = person_scope(who.pk)
    return {
        "events": [own, email_scope(who.email), *led],
        "billing": [own, *led],
    }


def api_bookings_scopes(actor: Actor, **_operation: Any) -> Mapping[str, Iterable[str]]:
    """What `GET /api/v1/bookings` shows: the bookings the person made or holds a place in, and
    their invoices' numbers (an invoice names whom its booking concerns: billing.page_scopes)."""
    who = person(actor)
    own = [person_scope(who.pk), email_scope(who.email)]
    return {"events": own, "billing": own}


def organiser_event_scopes(actor: Actor, public_id: Any) -> Mapping[str, Iterable[str]]:
    """An organiser's page of one event (`events:event-manage`): its bookings, not other events'."""
    return _one_event(public_id)


def attendance_scopes(
    actor: Actor, event_id: Any, **_operation: Any
) -> Mapping[str, Iterable[str]]:
    """`GET /api/v1/events/{event_id}/attendance`: the event's places."""
    return _one_event(event_id)


def _one_event(public_id: Any) -> Mapping[str, Iterable[str]]:
    # Called before the view checks its arguments: the API hands over the address's text as it
    # came, which may not be an id at all.
    try:
        return {"events": [event_scope(_event_pk(UUID(str(public_id))))]}
    except (ValueError, Event.DoesNotExist):
        return {}  # the view answers 404 or 422 (never kept)


@functools.lru_cache(maxsize=4096)
def _event_pk(public_id: UUID) -> int:
    # An event's public id never changes and is never given to another, so each process remembers
    # it: a kept page is then served without a query. (A miss raises, and is not remembered.)
    return Event.objects.values_list("pk", flat=True).get(public_id=public_id)
