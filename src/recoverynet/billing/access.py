"""Who may see invoices, credit notes and statements, and who records payments.

An organisation's invoices are private to that organisation's recovery lead, the person billed (for
a booking, the booker) and the network's organisers (coordinators and consultants) - nobody else.
Only a network's coordinators record payments and raise membership invoices."""

from __future__ import annotations

from typing import Any

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, NetworkRoleKind

FINANCE_ROLES = frozenset({NetworkRoleKind.COORDINATOR, NetworkRoleKind.CONSULTANT})


def is_finance_team(actor: Actor | None, network_id: int) -> bool:
    """The network's organisers, who see every invoice the network issues (and administrators)."""
    if network_access.is_admin(actor):
        return True
    kinds = network_access.roles(actor).team.get(network_id, frozenset())
    return bool(kinds & FINANCE_ROLES)


def finance_network_ids(actor: Actor | None) -> frozenset[int]:
    return frozenset(
        n for n, kinds in network_access.roles(actor).team.items() if kinds & FINANCE_ROLES
    )


def can_manage_billing(actor: Actor | None, network_id: int) -> bool:
    """Record payments, raise membership invoices: the network's coordinators."""
    return network_access.can_manage_network(actor, network_id)


def is_lead_of(actor: Actor | None, organisation_id: int | None) -> bool:
    if organisation_id is None:
        return False
    return network_access.roles(actor).orgs.get(organisation_id) == AffiliationRole.RECOVERY_LEAD


def can_view_invoice(actor: Actor | None, invoice: Any) -> bool:
    if not is_person(actor):
        return False
    return (
        (invoice.person_id is not None and invoice.person_id == actor.pk)
        or is_lead_of(actor, invoice.organisation_id)
        or is_finance_team(actor, invoice.network_id)
    )


def statement_network_ids(actor: Actor | None, organisation: Any) -> frozenset[int] | None:
    """Whose invoices to an organisation the person may see on its statement: None means every
    network's (administrators and the organisation's recovery lead); otherwise the networks whose
    finance team (coordinators, consultants) they are on and the organisation belongs to - empty
    for everyone else, other team roles included."""
    if network_access.is_admin(actor) or is_lead_of(actor, organisation.pk):
        return None
    finance = finance_network_ids(actor)
    if not finance:
        return frozenset()
    return frozenset(finance & network_access.organisation_network_ids(organisation))


def can_view_statement(actor: Actor | None, organisation: Any) -> bool:
    """An organisation's statement: its recovery lead, and the finance team of a network it
    belongs to (only that network's invoices)."""
    return statement_network_ids(actor, organisation) != frozenset()
