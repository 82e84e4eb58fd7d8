"""Who may see and change engagements.

- The network lead (a coordinator of the engagement's network) and administrators: every
  engagement of the network, and the capacity calendar.
- Consultants (network-team consultants or coordinators): the engagements they lead or are on.
- A client organisation's recovery lead: the client view of their own engagements (what was
  agreed, days used, sessions, outputs, invoices). For a buddying pair, each partner's recovery
  lead sees only the shared goals and the meeting log.
- Everyone else (other team roles such as editors, other members): nothing.

`network.models` has no "network lead" role: the coordinator is it (decision 0026)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, NetworkRoleKind

CONSULTING_ROLES = frozenset({NetworkRoleKind.CONSULTANT, NetworkRoleKind.COORDINATOR})


def is_network_lead(actor: Actor | None, network_id: int) -> bool:
    return network_access.is_admin(actor) or network_access.can_manage_network(actor, network_id)


def consulting_network_ids(actor: Actor | None) -> frozenset[int]:
    return frozenset(
        n for n, kinds in network_access.roles(actor).team.items() if kinds & CONSULTING_ROLES
    )


def lead_network_ids(actor: Actor | None) -> frozenset[int]:
    return network_access.roles(actor).coordinator_network_ids()


def may_use_engagements(actor: Actor | None) -> bool:
    """Anyone who may open the team's engagement pages (for links in the shared pages)."""
    return network_access.is_admin(actor) or bool(consulting_network_ids(actor))


def _on_team(actor: Actor | None, engagement: Any) -> bool:
    if not is_person(actor) or engagement.network_id not in consulting_network_ids(actor):
        return False
    if engagement.lead_consultant_id == actor.pk:
        return True
    return any(m.consultant_id == actor.pk for m in engagement.team.all())


def can_manage(actor: Actor | None, engagement: Any) -> bool:
    """Change it, log sessions, add outputs: the network lead and the consultants on it."""
    return is_network_lead(actor, engagement.network_id) or _on_team(actor, engagement)


def team_q(actor: Actor | None) -> Q:
    """The engagements the actor sees as the network team (a filter on Engagement)."""
    if network_access.is_admin(actor):
        return Q()
    if not is_person(actor):
        return Q(pk__in=[])
    leads = lead_network_ids(actor)
    consulting = consulting_network_ids(actor)
    mine = Q(lead_consultant=actor) | Q(team__consultant=actor)
    return Q(network_id__in=leads) | (Q(network_id__in=consulting) & mine)


def lead_organisation_ids(actor: Actor | None) -> frozenset[int]:
    return frozenset(
        org
        for org, role in network_access.roles(actor).orgs.items()
        if role == AffiliationRole.RECOVERY_LEAD
    )


def client_q(actor: Actor | None) -> Q:
    """The engagements the actor sees as a client (their organisation's recovery lead)."""
    orgs = lead_organisation_ids(actor)
    if not orgs:
        return Q(pk__in=[])
    return Q(clients__organisation_id__in=orgs)


def is_client_lead(actor: Actor | None, engagement: Any) -> bool:
    orgs = lead_organisation_ids(actor)
    return any(c.organisation_id in orgs for c in engagement.clients.all())


def can_approve_top_up(actor: Actor | None, engagement: Any) -> bool:
    return is_network_lead(actor, engagement.network_id)


def can_view_capacity(actor: Actor | None, network_id: int) -> bool:
    return is_network_lead(actor, network_id) or network_id in consulting_network_ids(actor)


def can_view_calendar_of(actor: Actor | None, network_id: int, consultant_id: int) -> bool:
    """A consultant's own calendar, or anyone's for the network lead."""
    if is_network_lead(actor, network_id):
        return True
    return (
        is_person(actor)
        and actor.pk == consultant_id
        and network_id in consulting_network_ids(actor)
    )


# What the engagements pages show: engagements with their invoices, the client's rounds, the
# plans and feedback they produced; a kept page is made again when one of these apps is written.
PAGE_APPS = ("engagements", "billing", "challenges", "plans", "feedback", "network")
