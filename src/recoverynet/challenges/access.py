"""Who may see and run an organisation's self-assessments.

An organisation's rounds are private: its people with a suitable role, the network team of its
networks and the facilitator see them; an invited rater sees only their own ratings.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, Organisation

from .models import AssessmentRound

# Volunteers and students take part as raters when invited, but do not see every rating.
VIEWER_ROLES = frozenset(
    {AffiliationRole.RECOVERY_LEAD, AffiliationRole.STAFF, AffiliationRole.PEER_WORKER}
)


def can_view_organisation(user: Actor | None, organisation: Organisation) -> bool:
    role = network_access.roles(user).orgs.get(organisation.pk)
    return role in VIEWER_ROLES or network_access.can_view_audit(user, organisation)


def can_start_round(user: Actor | None, organisation: Organisation) -> bool:
    return network_access.is_recovery_lead(
        user, organisation
    ) or network_access.can_manage_organisation(user, organisation)


def can_view_round(user: Actor | None, round_: AssessmentRound) -> bool:
    return round_.facilitator_id == getattr(user, "pk", None) or can_view_organisation(
        user, round_.organisation
    )


def can_facilitate(user: Actor | None, round_: AssessmentRound) -> bool:
    """Invite raters, agree consensus, close the round and set priorities."""
    return round_.facilitator_id == getattr(user, "pk", None) or can_start_round(
        user, round_.organisation
    )
