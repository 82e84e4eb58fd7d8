"""Who may see or change what in a college. Every selector and service asks here.

College staff roles are per college (a trainer may work for several). The network team of any of a
college's networks (and administrators) may oversee a college; students only ever see their own rows.
Role look-ups are cached on the user object for the length of one request.
"""

from __future__ import annotations

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.network import access as network_access

from .models import College, CollegeStaff, LearningPlan, StaffRole
from .models.college import RUNNING_ROLES, TRAINER_ROLES

_CACHE_ATTR = "_recoverynet_college_roles"


def college_roles(actor: Actor | None) -> dict[int, frozenset[str]]:
    """College id → the actor's staff roles there (cached for the request)."""
    if not is_person(actor):
        return {}
    cached = getattr(actor, _CACHE_ATTR, None)
    if isinstance(cached, dict):
        return cached
    found: dict[int, set[str]] = {}
    for college_id, role in CollegeStaff.objects.filter(user=actor).values_list(
        "college_id", "role"
    ):
        found.setdefault(college_id, set()).add(role)
    result = {k: frozenset(v) for k, v in found.items()}
    setattr(actor, _CACHE_ATTR, result)
    return result


def forget_college_roles(actor: Actor | None) -> None:
    """Call after changing someone's college roles within the same request."""
    if hasattr(actor, _CACHE_ATTR):
        delattr(actor, _CACHE_ATTR)


def roles_at(actor: Actor | None, college: College) -> frozenset[str]:
    return college_roles(actor).get(college.pk, frozenset())


def is_staff_of(actor: Actor | None, college: College) -> bool:
    return bool(roles_at(actor, college))


def has_role(actor: Actor | None, college: College, *roles: str) -> bool:
    return bool(roles_at(actor, college) & set(roles))


def college_network_ids(college: College) -> set[int]:
    return {network.pk for network in college.networks.all()}


def is_college_network_team(actor: Actor | None, college: College) -> bool:
    """The team of one of the college's networks, or an administrator."""
    if network_access.is_admin(actor):
        return True
    team = network_access.roles(actor).team_network_ids
    return bool(team) and bool(college_network_ids(college) & team)


def can_run_college(actor: Actor | None, college: College) -> bool:
    """Publish terms, change courses, enrol on someone's behalf, see the college's reports:
    its manager and administrators (and administrators of the site)."""
    return network_access.is_admin(actor) or bool(roles_at(actor, college) & RUNNING_ROLES)


def can_manage_college(actor: Actor | None, college: College) -> bool:
    """Change the college's public page and its staff list: its manager, the coordinators of one of
    its networks, and administrators of the site."""
    return (
        has_role(actor, college, StaffRole.MANAGER)
        or network_access.is_admin(actor)
        or any(network_access.can_manage_network(actor, n.pk) for n in college.networks.all())
    )


def can_take_register(actor: Actor | None, college: College) -> bool:
    """Trainers and the people who run the college."""
    return can_run_college(actor, college) or bool(roles_at(actor, college) & TRAINER_ROLES)


def can_view_college_reports(actor: Actor | None, college: College) -> bool:
    """The college's own reports (unsuppressed counts): the people who run it. The network team
    sees only suppressed counts (see `selectors.reports`)."""
    return can_run_college(actor, college)


def is_learning_advisor(actor: Actor | None, college: College) -> bool:
    return has_role(actor, college, StaffRole.LEARNING_ADVISOR)


def can_see_plan(actor: Actor | None, plan: LearningPlan) -> bool:
    """A learning plan: its student and the one advisor they share it with. Nobody else, ever."""
    me = getattr(actor, "pk", None) if is_person(actor) else None
    return me is not None and (plan.student.user_id == me or plan.shared_with_id == me)
