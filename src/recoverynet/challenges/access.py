"""Who may see and run an organisation's self-assessments.

An organisation's rounds are private: its people with a suitable role, the network team of its
networks and the facilitator see them; an invited rater sees only their own ratings.
"""

from __future__ import annotations

from typing import Any

from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, NetworkRoleKind, Organisation

from .models import AssessmentRound

# Volunteers and students take part as raters when invited, but do not see every rating.
VIEWER_ROLES = frozenset(
    {AffiliationRole.RECOVERY_LEAD, AffiliationRole.STAFF, AffiliationRole.PEER_WORKER}
)


def can_view_organisation(user: Any, organisation: Organisation) -> bool:
    role = network_access.roles(user).orgs.get(organisation.pk)
    return role in VIEWER_ROLES or network_access.can_view_audit(user, organisation)


def can_start_round(user: Any, organisation: Organisation) -> bool:
    return network_access.is_recovery_lead(
        user, organisation
    ) or network_access.can_manage_organisation(user, organisation)


def can_view_round(user: Any, round_: AssessmentRound) -> bool:
    return round_.facilitator_id == getattr(user, "pk", None) or can_view_organisation(
        user, round_.organisation
    )


def can_facilitate(user: Any, round_: AssessmentRound) -> bool:
    """Invite raters, agree consensus, close the round and set priorities."""
    return round_.facilitator_id == getattr(user, "pk", None) or can_start_round(
        user, round_.organisation
    )


def can_edit_plans(user: Any, organisation: Organisation) -> bool:
    """Action plans are the organisation's own: its people work on them, and the network's
    coordinators and consultants who support them; other team members (e.g. editors) only read."""
    role = network_access.roles(user).orgs.get(organisation.pk)
    if role in VIEWER_ROLES or network_access.is_admin(user):
        return True
    networks = network_access.organisation_network_ids(organisation)
    team = network_access.roles(user).team
    return any(
        kinds & {NetworkRoleKind.COORDINATOR, NetworkRoleKind.CONSULTANT}
        for network_id, kinds in team.items()
        if network_id in networks
    )
