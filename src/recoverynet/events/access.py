"""Who may organise events, see bookings and needs, and book for an organisation."""

from __future__ import annotations

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, NetworkRoleKind

from .models import Booking, Event

ORGANISER_ROLES = frozenset({NetworkRoleKind.COORDINATOR, NetworkRoleKind.CONSULTANT})


def is_organiser(user: Actor | None, event: Event) -> bool:
    """The event's organisers: the network's coordinators and consultants (and administrators).
    Only they see delegates' access and dietary needs."""
    if network_access.is_admin(user):
        return True
    kinds = network_access.roles(user).team.get(event.network_id, frozenset())
    return bool(kinds & ORGANISER_ROLES)


def can_manage_events(user: Actor | None, network_id: int) -> bool:
    return network_access.can_manage_network(user, network_id)


def organiser_network_ids(user: Actor | None) -> frozenset[int]:
    return frozenset(
        n for n, kinds in network_access.roles(user).team.items() if kinds & ORGANISER_ROLES
    )


def can_book_for(user: Actor | None, organisation_id: int) -> bool:
    """People book for an organisation they belong to (any role)."""
    return organisation_id in network_access.roles(user).orgs


def is_lead_of(user: Actor | None, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    return network_access.roles(user).orgs.get(organisation_id) == AffiliationRole.RECOVERY_LEAD


def can_view_booking(user: Actor | None, booking: Booking) -> bool:
    if not is_person(user):
        return False
    if booking.booker_id == user.pk or is_organiser(user, booking.event):
        return True
    if is_lead_of(user, booking.organisation_id):
        return True
    email = user.email.lower()
    return any(d.email.lower() == email for d in booking.delegates.all())


def can_cancel_booking(user: Actor | None, booking: Booking) -> bool:
    return (
        booking.booker_id == getattr(user, "pk", None)
        or is_lead_of(user, booking.organisation_id)
        or is_organiser(user, booking.event)
    )


def may_manage_any_events(user: Actor | None) -> bool:
    """Whether "Manage events" is open to this person at all (the rule of
    `selectors.events_for_organiser`): administrators, and organisers or coordinators of a network."""
    if network_access.is_admin(user):
        return True
    return bool(organiser_network_ids(user) | network_access.roles(user).coordinator_network_ids())
