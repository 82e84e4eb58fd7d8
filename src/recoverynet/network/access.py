"""Who may see or change what, for networks and organisations. Every selector and service asks here.

Later apps build on these predicates (e.g. "is this person on the team of the event's network?").
Role look-ups are cached on the user object for the length of one request.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from recoverynet.accounts.actors import Actor, is_person

if TYPE_CHECKING:
    from recoverynet.accounts.models import User

from .models import AffiliationRole, Membership, NetworkRole, NetworkRoleKind, Organisation

_CACHE_ATTR = "_recoverynet_roles"


class Roles:
    """A person's network-team roles and organisation affiliations, each read on first use (one
    query each) and then kept for the request. Every API request asks about the team (the MFA
    rule); most never ask about organisations."""

    def __init__(self, user: User | None = None) -> None:
        self._user = user

    @functools.cached_property
    def team(self) -> dict[int, frozenset[str]]:
        """Network id → role kinds."""
        if self._user is None:
            return {}
        team: dict[int, set[str]] = {}
        rows = NetworkRole.objects.filter(user=self._user).values_list("network_id", "role")
        for network_id, role in rows:
            team.setdefault(network_id, set()).add(role)
        return {k: frozenset(v) for k, v in team.items()}

    @functools.cached_property
    def orgs(self) -> dict[int, str]:
        """Organisation id → affiliation role."""
        if self._user is None:
            return {}
        return dict(self._user.affiliations.values_list("organisation_id", "role"))

    @property
    def team_network_ids(self) -> frozenset[int]:
        return frozenset(self.team)

    def coordinator_network_ids(self) -> frozenset[int]:
        return frozenset(
            n for n, kinds in self.team.items() if NetworkRoleKind.COORDINATOR in kinds
        )


def roles(user: Actor | None) -> Roles:
    if not is_person(user):
        return Roles()
    cached = getattr(user, _CACHE_ATTR, None)
    if isinstance(cached, Roles):
        return cached
    result = Roles(user)
    setattr(user, _CACHE_ATTR, result)
    return result


def forget_roles(user: Actor | None) -> None:
    """Call after changing someone's roles within the same request."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def is_admin(user: Actor | None) -> bool:
    return is_person(user) and user.is_superuser


def team_mfa_reason(user: Actor | None) -> str | None:
    """Registered with accounts.mfa: everyone on a network team must use MFA."""
    return "you are on a network team" if roles(user).team else None


def requires_mfa(user: Actor | None) -> bool:
    """Network-team members and administrators must use multi-factor authentication (the one rule
    lives in accounts.mfa; this app adds the network-team reason to it)."""
    from recoverynet.accounts import mfa

    return mfa.requires_mfa(user)


def is_network_team(user: Actor | None, network_id: int | None = None) -> bool:
    if is_admin(user):
        return True
    team = roles(user).team
    return bool(team) if network_id is None else network_id in team


def can_manage_network(user: Actor | None, network_id: int) -> bool:
    return is_admin(user) or network_id in roles(user).coordinator_network_ids()


def is_any_coordinator(user: Actor | None) -> bool:
    return is_admin(user) or bool(roles(user).coordinator_network_ids())


def organisation_network_ids(organisation: Organisation) -> set[int]:
    return set(
        Membership.objects.filter(organisation=organisation).values_list("network_id", flat=True)
    )


def _team_reaches(
    user: Actor | None, organisation: Organisation, network_ids: frozenset[int]
) -> bool:
    if not network_ids:
        return False
    org_networks = organisation_network_ids(organisation)
    if not org_networks:
        # No membership (yet, or any more): the network that added it looks after it; when that is
        # not known, only administrators do.
        return organisation.added_by_network_id in network_ids
    return bool(org_networks & network_ids)


def can_manage_organisation(user: Actor | None, organisation: Organisation) -> bool:
    """Edit details and memberships: administrators and coordinators of the organisation's networks."""
    return is_admin(user) or _team_reaches(
        user, organisation, roles(user).coordinator_network_ids()
    )


def is_recovery_lead(user: Actor | None, organisation: Organisation) -> bool:
    return roles(user).orgs.get(organisation.pk) == AffiliationRole.RECOVERY_LEAD


def can_manage_people(user: Actor | None, organisation: Organisation) -> bool:
    """Add, change and remove the people affiliated with an organisation."""
    return is_recovery_lead(user, organisation) or can_manage_organisation(user, organisation)


def can_view_private(user: Actor | None, organisation: Organisation) -> bool:
    """See an organisation's private data: its recovery lead, and the team of its networks."""
    if is_admin(user) or is_recovery_lead(user, organisation):
        return True
    return _team_reaches(user, organisation, roles(user).team_network_ids)


def can_view_audit(user: Actor | None, organisation: Organisation) -> bool:
    """Audit history is for the network team of the organisation's networks (and administrators)."""
    return is_admin(user) or _team_reaches(user, organisation, roles(user).team_network_ids)


def is_affiliated(user: Actor | None, organisation: Organisation) -> bool:
    return organisation.pk in roles(user).orgs
