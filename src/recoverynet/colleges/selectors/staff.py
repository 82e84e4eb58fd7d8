"""Who works where: the colleges a person is staff of, and their role(s) at one college."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Prefetch, QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network.models import Network

from .. import access, network_access
from ..models import College, CollegeStaff, StaffRole


@dataclass(frozen=True)
class StaffedCollege:
    college: College
    roles: frozenset[str]

    @property
    def role_labels(self) -> list[str]:
        return [StaffRole(role).label for role in sorted(self.roles)]


def colleges_staffed_by(*, actor: Actor) -> list[StaffedCollege]:
    """The colleges the actor is staff of, with their roles at each (their own list only)."""
    roles = access.college_roles(actor)
    if not roles:
        return []
    colleges = College.objects.filter(pk__in=roles).select_related("organisation").order_by("name")
    return [StaffedCollege(college=c, roles=roles[c.pk]) for c in colleges]


def roles_of_actor_at(*, actor: Actor, college: College) -> frozenset[str]:
    """The actor's own staff roles at a college (empty when none)."""
    return access.roles_at(actor, college)


def college_staff(*, actor: Actor, college: College) -> QuerySet[CollegeStaff]:
    """The college's staff and their roles: for its staff and its networks' team."""
    if not (access.is_staff_of(actor, college) or access.is_college_network_team(actor, college)):
        raise PermissionDenied("Only the college's staff can see who works there.")
    return (
        CollegeStaff.objects.filter(college=college)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def college_trainers(*, actor: Actor, college: College) -> list[CollegeStaff]:
    """Peer and professional trainers of the college (for choosing facilitators)."""
    return [
        row
        for row in college_staff(actor=actor, college=college)
        if row.role in (StaffRole.PEER_TRAINER, StaffRole.PROFESSIONAL_TRAINER)
    ]


def college_get(*, slug: str) -> College:
    """A college's public page: anyone may see it."""
    college = (
        College.objects.select_related("organisation")
        .prefetch_related("networks", "venues")
        .filter(slug=slug)
        .first()
    )
    if college is None:
        raise NotFound("We could not find that college.")
    return college


def college_list(*, network_slug: str | None = None) -> QuerySet[College]:
    """All colleges (public), optionally those of one network."""
    found = College.objects.select_related("organisation").prefetch_related(Prefetch("networks"))
    if network_slug:
        found = found.filter(networks__slug=network_slug)
    return found.order_by("name")


def is_staff(*, actor: Actor) -> bool:
    """Whether the actor is staff of any college (for navigation)."""
    return is_person(actor) and bool(access.college_roles(actor))


def learning_networks_of(*, actor: Actor, college: College) -> list[Network]:
    """The college's networks whose Learning Network pages the actor may see (its staff see each;
    a network's team sees its own)."""
    return [
        n
        for n in college.networks.all()
        if network_access.is_team(actor, n.pk) or network_access.is_member_staff(actor, n.pk)
    ]
