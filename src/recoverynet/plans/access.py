"""Who may see and change an organisation's action plans.

Plans are the organisation's own: its recovery lead, staff and peer workers work on them, with the
network's coordinators and consultants who support them; the rest of the network team only reads.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, NetworkRoleKind, Organisation

# Volunteers and students take part when invited, but do not see every plan.
PLAN_ROLES = frozenset(
    {AffiliationRole.RECOVERY_LEAD, AffiliationRole.STAFF, AffiliationRole.PEER_WORKER}
)


def can_view_plans(user: Actor | None, organisation: Organisation) -> bool:
    role = network_access.roles(user).orgs.get(organisation.pk)
    return role in PLAN_ROLES or network_access.can_view_audit(user, organisation)


def can_edit_plans(user: Actor | None, organisation: Organisation) -> bool:
    """The organisation's people, and the network's coordinators and consultants who support them;
    other team members (e.g. editors) only read."""
    role = network_access.roles(user).orgs.get(organisation.pk)
    if role in PLAN_ROLES or network_access.is_admin(user):
        return True
    networks = network_access.organisation_network_ids(organisation)
    team = network_access.roles(user).team
    return any(
        kinds & {NetworkRoleKind.COORDINATOR, NetworkRoleKind.CONSULTANT}
        for network_id, kinds in team.items()
        if network_id in networks
    )
