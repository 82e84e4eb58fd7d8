"""Reads for external peer reviews. A review is visible to the reviewed college's staff, its review
team and the network team only; everyone else gets "not found"."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, Q, QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Network, Organisation

from .. import network_access as access
from ..models import College, CollegeStaff
from ..models.network import PeerFinding, PeerReview, PeerReviewer, ReviewerRole


def _base() -> QuerySet[PeerReview]:
    return PeerReview.objects.select_related("college__organisation", "network")


def is_reviewer(actor: Actor, review: PeerReview) -> bool:
    return is_person(actor) and any(m.user_id == actor.pk for m in review.team.all())


def is_lead(actor: Actor, review: PeerReview) -> bool:
    return is_person(actor) and any(
        m.user_id == actor.pk and m.role == ReviewerRole.LEAD for m in review.team.all()
    )


def can_see(actor: Actor, review: PeerReview) -> bool:
    return (
        access.is_staff_of(actor, review.college)
        or access.is_team(actor, review.network_id)
        or is_reviewer(actor, review)
    )


def peer_review_get(*, actor: Actor, public_id: Any) -> PeerReview:
    review = (
        _base()
        .prefetch_related(
            Prefetch("team", queryset=PeerReviewer.objects.select_related("user", "home_college")),
            "self_review",
            "timetable",
            Prefetch("findings", queryset=PeerFinding.objects.order_by("kind", "id")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if review is None or not can_see(actor, review):
        raise NotFound("We could not find that peer review.")
    return review


def peer_reviews_visible(*, actor: Actor) -> list[PeerReview]:
    """Every peer review the actor may see: their colleges', those they review, their networks'."""
    if not is_person(actor):
        return []
    colleges = list(access.staff_roles(actor))
    team_networks = list(network_access.roles(actor).team)
    condition = Q(college_id__in=colleges) | Q(team__user=actor) | Q(network_id__in=team_networks)
    if network_access.is_admin(actor):
        condition = Q()
    return list(_base().filter(condition).distinct().order_by("-created_at"))


def partnership(organisation: Organisation) -> set[int]:
    """The organisation, the partnership it belongs to and every other partner in it, and its own
    partners: the organisations whose people may not review it."""
    ids = {organisation.pk}
    if organisation.parent_id:
        ids.add(organisation.parent_id)
        ids.update(
            Organisation.objects.filter(parent_id=organisation.parent_id).values_list(
                "pk", flat=True
            )
        )
    ids.update(Organisation.objects.filter(parent_id=organisation.pk).values_list("pk", flat=True))
    return ids


def reviewer_conflicts(user: Any, home_college: College, review: PeerReview) -> list[str]:
    """Why this person may not review this college (empty when they may). Nobody from the reviewed
    college or its partnership: not by their home college, their roles at any college, or their
    affiliations with organisations."""
    reviewed = review.college
    barred = partnership(reviewed.organisation)
    problems = []
    if home_college.pk == reviewed.pk:
        problems.append("A reviewer cannot come from the college under review.")
    elif home_college.organisation_id in barred:
        problems.append("A reviewer cannot come from a college in the same partnership.")
    worked_at = CollegeStaff.objects.filter(user=user).select_related("college")
    if any(s.college_id == reviewed.pk for s in worked_at):
        problems.append("This person works at the college under review.")
    elif any(s.college.organisation_id in barred for s in worked_at):
        problems.append("This person works at a college in the same partnership.")
    if set(network_access.roles(user).orgs) & barred:
        problems.append(
            "This person belongs to an organisation in the reviewed college's partnership."
        )
    if not any(s.college_id == home_college.pk for s in worked_at):
        problems.append(f"This person is not on the staff of {home_college.name}.")
    return problems


def member_colleges(network: Network) -> QuerySet[College]:
    return College.objects.filter(networks=network).select_related("organisation").order_by("name")


def require_visible(actor: Actor, review: PeerReview) -> None:
    if not can_see(actor, review):
        raise PermissionDenied("Only the college, its review team and the network team see this.")
