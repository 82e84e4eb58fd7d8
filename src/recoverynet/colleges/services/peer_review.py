"""External peer review between member colleges (the RCPsych quality-network pattern): the college's
self-review; a review team from other member colleges (with a reviewer with lived experience;
nobody from the reviewed college or its partnership); the visit's timetable; preliminary findings on
the day; a report of strengths and recommendations; the college's response and follow-up actions
(an action plan in `plans`)."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network

from .. import fidelity as structure
from .. import network_access as access
from ..models import College
from ..models.network import (
    PeerReview,
    PeerReviewer,
    PeerReviewStatus,
    ReviewerRole,
    SelfReviewEntry,
    SelfReviewRating,
)
from ..selectors import fidelity as fidelity_selectors
from ..selectors import peer_review as selectors

User = get_user_model()


def _require_support(actor: Actor, review_network_id: int) -> None:
    if not access.supports(actor, review_network_id):
        raise PermissionDenied("Only the network's coordinators and consultants can do this.")


def _locked(review: PeerReview, *allowed: str) -> PeerReview:
    locked = (
        PeerReview.objects.select_for_update()
        .select_related("college__organisation")
        .get(pk=review.pk)
    )
    if allowed and locked.status not in allowed:
        raise ApplicationError(
            "wrong_stage",
            f"This cannot be done now: the review is at the stage "
            f"“{PeerReviewStatus(locked.status).label}”.",
            status=409,
        )
    return locked


@transaction.atomic
def peer_review_start(*, actor: Actor, network: Network, college: College) -> PeerReview:
    _require_support(actor, network.pk)
    if not fidelity_selectors.college_in_network(college, network):
        raise ApplicationError(
            "not_member",
            f"{college.name} is not a member of {network.name}.",
            field="college",
            status=422,
        )
    College.objects.select_for_update().get(pk=college.pk)
    if PeerReview.objects.filter(college=college).exclude(status=PeerReviewStatus.CLOSED).exists():
        raise ApplicationError(
            "review_open",
            f"{college.name} already has a peer review under way.",
            field="college",
            status=409,
        )
    review = PeerReview.objects.create(network=network, college=college, created_by=person(actor))
    audit.record(actor=actor, action="colleges.peer_review.started", obj=review)
    return review


# --- Self-review ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class SelfReviewInput:
    area: str
    rating: str
    commentary: str = ""
    evidence: str = ""


def _require_college_manager(actor: Actor, review: PeerReview) -> None:
    if not access.can_run_college_work(actor, review.college, review.network_id):
        raise PermissionDenied("Only the college's managers can do this.")


@transaction.atomic
def self_review_save(
    *, actor: Actor, review: PeerReview, entries: list[SelfReviewInput], submit: bool = False
) -> PeerReview:
    _require_college_manager(actor, review)
    review = _locked(review, PeerReviewStatus.SELF_REVIEW)
    for entry in entries:
        if entry.area not in structure.BY_KEY:
            raise ApplicationError(
                "invalid", "Choose an area from the list.", field="area", status=422
            )
        if entry.rating not in SelfReviewRating.values:
            raise ApplicationError(
                "invalid",
                f"Say whether {structure.BY_KEY[entry.area].name} is met, partly met or not met.",
                field=f"{entry.area}_rating",
                status=422,
            )
        SelfReviewEntry.objects.update_or_create(
            review=review,
            area=entry.area,
            defaults={
                "rating": entry.rating,
                "commentary": clean_text(
                    entry.commentary, field=f"{entry.area}_commentary", max_length=4000
                ),
                "evidence": clean_text(
                    entry.evidence, field=f"{entry.area}_evidence", max_length=2000
                ),
            },
        )
    if submit:
        done = set(review.self_review.values_list("area", flat=True))
        missing = [c.name for c in structure.COMPONENTS if c.key not in done]
        if missing:
            raise ApplicationError(
                "incomplete",
                "Rate every area before sending the self-review. Still to rate: "
                + ", ".join(missing)
                + ".",
                status=409,
            )
        review.self_review_submitted_at = timezone.now()
        review.save(update_fields=["self_review_submitted_at", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.peer_review.self_review_sent"
        if submit
        else "colleges.peer_review.self_review_saved",
        obj=review,
        changes={"areas": len(entries)},
    )
    return review


# --- The team ------------------------------------------------------------------------------------


@transaction.atomic
def reviewer_add(
    *, actor: Actor, review: PeerReview, email: str, home_college: College, role: str
) -> PeerReviewer:
    """Add someone to the review team after checking conflicts of interest."""
    _require_support(actor, review.network_id)
    review = _locked(review, PeerReviewStatus.SELF_REVIEW, PeerReviewStatus.VISIT)
    if role not in ReviewerRole.values:
        raise ApplicationError("invalid", "Choose the reviewer's role.", field="role", status=422)
    user = User.objects.filter(email__iexact=email.strip(), is_active=True).first()
    if user is None:
        raise ApplicationError(
            "invalid",
            "There is nobody with an account with that e-mail address.",
            field="email",
            status=422,
        )
    if not fidelity_selectors.college_in_network(home_college, review.network):
        raise ApplicationError(
            "invalid",
            "The reviewer's college must be a member of the network.",
            field="home_college",
            status=422,
        )
    problems = selectors.reviewer_conflicts(user, home_college, review)
    if problems:
        raise ApplicationError(
            "conflict_of_interest", " ".join(problems), field="email", status=422
        )
    if review.team.filter(user=user).exists():
        raise ApplicationError(
            "already_on_team",
            "This person is already on the review team.",
            field="email",
            status=409,
        )
    if role == ReviewerRole.LEAD and review.team.filter(role=ReviewerRole.LEAD).exists():
        raise ApplicationError(
            "invalid", "The team already has a lead reviewer.", field="role", status=422
        )
    member = PeerReviewer.objects.create(
        review=review, user=user, home_college=home_college, role=role
    )
    audit.record(
        actor=actor,
        action="colleges.peer_review.reviewer_added",
        obj=review,
        changes={"reviewer": user.email, "role": role, "home_college": home_college.name},
    )
    return member


@transaction.atomic
def reviewer_remove(*, actor: Actor, review: PeerReview, member_id: int) -> None:
    _require_support(actor, review.network_id)
    review = _locked(review, PeerReviewStatus.SELF_REVIEW, PeerReviewStatus.VISIT)
    member = review.team.filter(pk=member_id).select_related("user").first()
    if member is None:
        raise ApplicationError("not_found", "That person is not on the team.", status=404)
    audit.record(
        actor=actor,
        action="colleges.peer_review.reviewer_removed",
        obj=review,
        changes={"reviewer": member.user.email},
    )
    member.delete()


@transaction.atomic
def confidentiality_agree(*, actor: Actor, review: PeerReview) -> PeerReviewer:
    """A reviewer signs the confidentiality agreement (needed before they write findings)."""
    member = (
        PeerReviewer.objects.select_for_update().filter(review=review, user=person(actor)).first()
    )
    if member is None:
        raise PermissionDenied(
            "Only members of the review team sign its confidentiality agreement."
        )
    if member.confidentiality_agreed_at is None:
        member.confidentiality_agreed_at = timezone.now()
        member.save(update_fields=["confidentiality_agreed_at", "updated_at"])
        audit.record(actor=actor, action="colleges.peer_review.confidentiality_agreed", obj=review)
    return member
