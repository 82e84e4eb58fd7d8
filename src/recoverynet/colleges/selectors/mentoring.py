"""Reads for mentoring pairs: visible to the staff of both colleges and the network team."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Network

from .. import network_access as access
from ..models import College
from ..models.network import MentorCapacity, MentoringCheckIn, MentoringPair


def can_see(actor: Actor, pair: MentoringPair) -> bool:
    return (
        access.is_staff_of(actor, pair.mentor)
        or access.is_staff_of(actor, pair.mentee)
        or access.is_team(actor, pair.network_id)
    )


def can_work_on(actor: Actor, pair: MentoringPair) -> bool:
    """The managers of both colleges, and the network's coordinators and consultants."""
    return (
        access.is_manager_of(actor, pair.mentor)
        or access.is_manager_of(actor, pair.mentee)
        or access.supports(actor, pair.network_id)
    )


def pair_get(*, actor: Actor, public_id: Any) -> MentoringPair:
    pair = (
        MentoringPair.objects.select_related("mentor", "mentee", "network")
        .prefetch_related(
            "goals",
            Prefetch("check_ins", queryset=MentoringCheckIn.objects.select_related("recorded_by")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if pair is None or not can_see(actor, pair):
        raise NotFound("We could not find that mentoring pair.")
    return pair


def pairs_visible(*, actor: Actor) -> list[MentoringPair]:
    if not is_person(actor):
        return []
    colleges = list(access.staff_roles(actor))
    condition = (
        Q(mentor_id__in=colleges)
        | Q(mentee_id__in=colleges)
        | Q(network_id__in=list(network_access.roles(actor).team))
    )
    if network_access.is_admin(actor):
        condition = Q()
    return list(
        MentoringPair.objects.filter(condition)
        .select_related("mentor", "mentee", "network")
        .annotate(check_in_count=Count("check_ins"))
        .order_by("ended_on", "-started_on")
    )


def active_mentees(college: College) -> int:
    return MentoringPair.objects.filter(mentor=college, ended_on__isnull=True).count()


def capacity_of(college: College) -> int:
    found = MentorCapacity.objects.filter(college=college).first()
    return found.capacity if found else 0


def mentor_capacities(*, actor: Actor, network: Network) -> list[dict[str, Any]]:
    """Each member college with its mentor capacity and how much is in use (network team)."""
    if not access.is_team(actor, network.pk):
        raise PermissionDenied("Only the network team sees mentor capacity.")
    colleges: QuerySet[College] = (
        College.objects.filter(networks=network)
        .select_related("mentor_capacity")
        .annotate(in_use=Count("mentees", filter=Q(mentees__ended_on__isnull=True)))
        .order_by("name")
    )
    rows = []
    for college in colleges:
        cap = getattr(college, "mentor_capacity", None)
        rows.append(
            {
                "college": college,
                "capacity": cap.capacity if cap else 0,
                "in_use": college.in_use,  # type: ignore[attr-defined]
            }
        )
    return rows
