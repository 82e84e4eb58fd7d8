"""Whom a booking concerns, and which of those "My bookings" shows: so a booking made elsewhere in
the network leaves a person's kept page kept (core.private_pages, decision 0052).

A booking is shown as one's own to its booker, to the leads of the organisation it is for, and to
each person holding a place (matched by e-mail address, as `selectors.bookings_for_person` does).
None of these changes after the booking is made, so the same scopes name its people before and
after any write."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

from recoverynet.accounts.actors import Actor, person
from recoverynet.core.private_pages import email_scope, organisation_scope, person_scope
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole

from .models import Booking, Delegate


def booking_scopes(booking: Booking) -> list[str]:
    """Registered for Booking (apps.py). Every place counts, cancelled ones too (their holders saw
    the booking until then): read with one query, except for a booking just made, whose places
    the service hands over (`remember_places`). Never from a prefetch, which may hold only some."""
    scopes = [person_scope(booking.booker_id)]
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
