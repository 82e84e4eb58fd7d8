"""Who may see and change the Learning Network's work: fidelity reviews, peer reviews, mentoring
and learning days. Every selector and service of the network part asks here.

- A college's own staff (any role) see its fidelity reviews, peer reviews and mentoring; its
  managers run them (start a review, agree ratings, write the self-review and the response).
- The network team of the network a review belongs to sees it; its coordinators and consultants
  run the network's side (form review teams, pair colleges, publish reports).
- A peer review is visible to the reviewed college, the review team and the network team only.
- Students see only their own ratings.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network import access as network_access
from recoverynet.network.models import NetworkRoleKind

from . import access as college_access
from .models import College, StaffRole

SUPPORT_ROLES = frozenset({NetworkRoleKind.COORDINATOR, NetworkRoleKind.CONSULTANT})


def staff_roles(user: Actor | None) -> dict[int, frozenset[str]]:
    """college id → the person's staff roles there (the colleges app's cached look-up)."""
    return college_access.college_roles(user)


def is_staff_of(user: Actor | None, college: College) -> bool:
    return college.pk in staff_roles(user)


def is_manager_of(user: Actor | None, college: College) -> bool:
    return StaffRole.MANAGER in staff_roles(user).get(college.pk, frozenset())


def is_team(user: Actor | None, network_id: int) -> bool:
    """On the network's team (any role), or an administrator."""
    return network_access.is_network_team(user, network_id)


def supports(user: Actor | None, network_id: int) -> bool:
    """A coordinator or consultant of the network (or an administrator): runs the network's side."""
    if network_access.is_admin(user):
        return True
    return bool(network_access.roles(user).team.get(network_id, frozenset()) & SUPPORT_ROLES)


def is_member_staff(user: Actor | None, network_id: int) -> bool:
    """Staff of any college in the network: may see the network's (suppressed) aggregates."""
    ids = list(staff_roles(user))
    return bool(ids) and College.objects.filter(pk__in=ids, networks__id=network_id).exists()


def can_see_college_work(user: Actor | None, college: College, network_id: int) -> bool:
    return is_staff_of(user, college) or is_team(user, network_id)


def can_run_college_work(user: Actor | None, college: College, network_id: int) -> bool:
    return is_manager_of(user, college) or supports(user, network_id)


def coordinates(user: Actor | None, network_id: int) -> bool:
    """A coordinator of the network (or an administrator): e.g. loads the licensed wording."""
    return network_access.can_manage_network(user, network_id)
