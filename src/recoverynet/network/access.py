"""Who may see or change what, for networks and organisations. Every selector and service asks here.

Later apps build on these predicates (e.g. "is this person on the team of the event's network?").
Role look-ups are cached on the user object for the length of one request, and between requests
in the shared cache until one of the person's roles or affiliations is saved or deleted
(`core.versioned`; the signals are connected in apps.py): every signed-in request asks about the
team (the MFA rule), so this saves a query or two on each.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core import versioned

if TYPE_CHECKING:
    from recoverynet.accounts.models import User

from .models import (
    Affiliation,
    AffiliationRole,
    Membership,
    NetworkRole,
    NetworkRoleKind,
    Organisation,
)

_CACHE_ATTR = "_recoverynet_roles"


class Roles:
    """A person's network-team roles and organisation affiliations, read on first use (from the
    shared cache, or two queries) and then kept for the request."""

    def __init__(self, user: User | None = None) -> None:
        self._user = user

    @functools.cached_property
    def _both(self) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
        user = self._user
        if user is None:
            return {}, {}
        return versioned.read(roles_topic(user.pk), lambda: _read_roles(user))

    @property
    def team(self) -> dict[int, frozenset[str]]:
        """Network id → role kinds."""
        return self._both[0]

    @property
    def orgs(self) -> dict[int, str]:
        """Organisation id → affiliation role."""
        return self._both[1]

    @functools.cached_property
    def member_network_ids(self) -> frozenset[int]:
        """Networks of which one of the person's organisations is a current member (read once a
        request: the library asks three times a page)."""
        if not self.orgs:
            return frozenset()
        from .selectors import current_membership_q

        return frozenset(
            Membership.objects.filter(
                current_membership_q(), organisation_id__in=list(self.orgs)
            ).values_list("network_id", flat=True)
        )

    @property
    def team_network_ids(self) -> frozenset[int]:
        return frozenset(self.team)

    def coordinator_network_ids(self) -> frozenset[int]:
        return frozenset(
            n for n, kinds in self.team.items() if NetworkRoleKind.COORDINATOR in kinds
        )


def roles_topic(user_id: int) -> str:
    return f"roles:{user_id}"


def _read_roles(user: User) -> tuple[dict[int, frozenset[str]], dict[int, str]]:
    team: dict[int, set[str]] = {}
    for network_id, role in NetworkRole.objects.filter(user=user).values_list("network_id", "role"):
        team.setdefault(network_id, set()).add(role)
    orgs = dict(user.affiliations.values_list("organisation_id", "role"))
    return {k: frozenset(v) for k, v in team.items()}, orgs


def roles_changed(sender: object, instance: NetworkRole | Affiliation, **kwargs: object) -> None:
    """A network role or an affiliation was saved or deleted (signal receiver, apps.py)."""
    versioned.changed(roles_topic(instance.user_id))


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
