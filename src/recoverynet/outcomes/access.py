"""Who may do what with outcome questionnaires.

- Plan (collections, wording, signposting, invitations): the organisation's recovery lead, and the
  coordinators of its networks (and administrators).
- Follow up (response rates, who still has a questionnaire due, reminders): also the
  organisation's staff and peer workers (a learning advisor) — never anyone's answers.
- Results (a cohort's aggregates, as published snapshots, suppressed below the threshold): also the
  network team. Pooled per Recovery College: the college's organisation's people and the network
  team; pooled per network: the network's team only.
- A person's own answers and scores: that person only.
- Instrument definitions: administrators load them; anyone signed in reads their structure.
- The linkage key: nobody (see `linkage.py`).
"""

from __future__ import annotations

from typing import Any

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole, Network, Organisation

FOLLOW_UP_ROLES = frozenset(
    {AffiliationRole.RECOVERY_LEAD, AffiliationRole.STAFF, AffiliationRole.PEER_WORKER}
)


def can_plan(user: Actor | None, organisation: Organisation) -> bool:
    return network_access.is_recovery_lead(
        user, organisation
    ) or network_access.can_manage_organisation(user, organisation)


def can_follow_up(user: Actor | None, organisation: Organisation) -> bool:
    role = network_access.roles(user).orgs.get(organisation.pk)
    return role in FOLLOW_UP_ROLES or can_plan(user, organisation)


def can_view_results(user: Actor | None, organisation: Organisation) -> bool:
    return can_follow_up(user, organisation) or network_access.can_view_private(user, organisation)


def can_load_network_wording(user: Actor | None, network: Network) -> bool:
    return network_access.is_admin(user) or (
        network.pk in network_access.roles(user).coordinator_network_ids()
    )


def can_load_definitions(user: Actor | None) -> bool:
    return network_access.is_admin(user)


def may_use_outcomes(user: Actor | None) -> bool:
    """For navigation: someone who could plan or follow up somewhere (no query beyond roles)."""
    if not is_person(user):
        return False
    found = network_access.roles(user)
    return network_access.is_admin(user) or bool(
        found.coordinator_network_ids() or set(found.orgs.values()) & FOLLOW_UP_ROLES
    )


def can_view_network_results(user: Actor | None, network: Network) -> bool:
    """A network's pooled results: its team (coordinators and consultants) and administrators."""
    return (
        network_access.is_admin(user) or network.pk in network_access.roles(user).team_network_ids
    )


def can_publish_pool(user: Actor | None, pool: Any) -> bool:
    """A college's pooled figures: its organisation's planners; a network's: its coordinators."""
    if pool.network is not None:
        return can_load_network_wording(user, pool.network)
    return pool.organisation is not None and can_plan(user, pool.organisation)


# What the outcomes pages show: collections, their cohorts (a course, a team) and organisations;
# a kept page (`private_page`) is made again when one of these apps is written.
PAGE_APPS = ("outcomes", "colleges", "network")
