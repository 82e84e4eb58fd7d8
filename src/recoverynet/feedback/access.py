"""Who may do what with feedback forms and debates.

- **Organisers** of the thing a form or debate is attached to (the target kind's own rule; for
  events, the network's coordinators and consultants) build forms, run debates, moderate answers
  and read organisers-only notes. Administrators may too.
- **Results** are for the organisers, the network team of the target's network and the hosting
  organisation's recovery lead and staff. Only the network team (and administrators) see counts
  below the people-suppression threshold; nobody sees a single answer where fewer answered.
- **Answering and voting as an attendee** is for people who attended (the target kind's rule).
- **A linked speaker** (a speaker the organisers linked to an account) reads their debate's report.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access
from recoverynet.network.models import AffiliationRole

from . import targets
from .models import Debate, FeedbackForm

HOST_ROLES = frozenset({AffiliationRole.RECOVERY_LEAD, AffiliationRole.STAFF})

Attached = FeedbackForm | Debate


def target_of(obj: Attached) -> targets.Target:
    """The stored copy of the target (no query): enough for the access rules."""
    ends = getattr(obj, "target_ends_at", None) or obj.created_at
    return targets.Target(
        kind=obj.target_kind,
        id=obj.target_id,
        label=obj.target_label,
        url="",
        network_id=obj.network_id,
        host_id=obj.host_id,
        starts_at=ends,
        ends_at=ends,
    )


def is_organiser(user: Actor | None, obj: Attached | targets.Target) -> bool:
    if network_access.is_admin(user):
        return True
    if not is_person(user):
        return False
    target = obj if isinstance(obj, targets.Target) else target_of(obj)
    try:
        kind = targets.kind_of(target.kind)
    except Exception:
        return False
    return bool(kind.is_organiser(user, target))


def is_network_team(user: Actor | None, obj: Attached) -> bool:
    return network_access.is_network_team(user, obj.network_id)


def is_host(user: Actor | None, obj: Attached) -> bool:
    if obj.host_id is None:
        return False
    return network_access.roles(user).orgs.get(obj.host_id) in HOST_ROLES


def can_view_results(user: Actor | None, obj: Attached) -> bool:
    return is_organiser(user, obj) or is_network_team(user, obj) or is_host(user, obj)


def is_speaker(user: Actor | None, debate: Debate) -> bool:
    """A speaker the organisers linked to this account (decision 0036)."""
    return is_person(user) and debate.speakers.filter(person=user).exists()


def sees_small_counts(user: Actor | None, obj: Attached) -> bool:
    """Counts below the threshold are shown only inside the network team."""
    return is_network_team(user, obj)


def may_manage_any(user: Actor | None) -> bool:
    """Whether the feedback pages for organisers are open to this person at all."""
    return network_access.is_admin(user) or bool(network_access.roles(user).team)
