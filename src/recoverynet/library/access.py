"""Who may see a resource: everyone, the network's members, one learning set's cohort, or the team.
Pending and rejected resources: their submitter and the network team only."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from recoverynet.accounts.actors import Actor
from recoverynet.network import access as network_access

from .models import Audience, ModerationStatus, Resource


def member_network_ids(user: Actor | None) -> set[int]:
    return set(network_access.roles(user).member_network_ids)


def _learning_sets_of(org_ids: list[int]) -> Any:
    from recoverynet.events.selectors import learning_set_ids_with_cohort

    return learning_set_ids_with_cohort(org_ids)


def visible_q(user: Actor | None) -> Q:
    """A filter for the resources this person may see (used by every list, search and download)."""
    approved_public = Q(status=ModerationStatus.APPROVED, audience=Audience.PUBLIC)
    if not getattr(user, "is_authenticated", False):
        return approved_public
    if network_access.is_admin(user):
        return Q()
    roles = network_access.roles(user)
    team = roles.team_network_ids
    members = member_network_ids(user)
    approved = Q(status=ModerationStatus.APPROVED)
    return (
        approved_public
        | (approved & Q(audience=Audience.MEMBERS, network_id__in=members | set(team)))
        # A subquery, not a join through the cohort: a join repeats a resource once per cohort
        # organisation and would need DISTINCT (see selectors.search).
        | (
            approved
            & Q(
                audience=Audience.LEARNING_SET,
                learning_set_id__in=_learning_sets_of(list(roles.orgs)),
            )
        )
        | (approved & Q(audience=Audience.LEARNING_SET, network_id__in=team))
        | (approved & Q(audience=Audience.TEAM, network_id__in=team))
        | Q(network_id__in=team)  # the team sees everything in its networks, to moderate it
        | Q(submitted_by=user)
    )


def can_moderate(user: Actor | None, resource: Resource) -> bool:
    return network_access.is_network_team(user, resource.network_id)


def can_submit(user: Actor | None, network_id: int) -> bool:
    return network_id in submit_network_ids(user, [network_id])


def submit_network_ids(user: Actor | None, network_ids: Iterable[int]) -> set[int]:
    """Of these networks, the ones the person may share a resource in: one query however many
    networks there are (the library page asks about every network)."""
    wanted = set(network_ids)
    if network_access.is_admin(user):
        return wanted
    if not getattr(user, "is_authenticated", False):
        return set()
    return wanted & (member_network_ids(user) | set(network_access.roles(user).team_network_ids))
