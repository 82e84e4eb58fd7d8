"""External peer review, from the visit on: the visit date and timetable, findings (preliminary on
the day; strengths and recommendations for the report), publishing the report, the college's response,
closing, and the follow-up action plan (in `plans`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, dates
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name, clean_text
from recoverynet.plans import services as plan_services
from recoverynet.plans import topics as plan_topics

from .. import network_access as access
from ..models.network import (
    FindingKind,
    PeerFinding,
    PeerReview,
    PeerReviewStatus,
    ReviewerRole,
    VisitSlot,
)
from ..network_sources import PEER_REVIEW_SOURCE
from ..selectors import peer_review as selectors
from .peer_review import _locked, _require_college_manager, _require_support

# --- The visit -----------------------------------------------------------------------------------


@transaction.atomic
def visit_plan(*, actor: Actor, review: PeerReview, visit_on: datetime.date) -> PeerReview:
    """Fix the visit date once the self-review is in and the team is complete."""
    _require_support(actor, review.network_id)
    review = _locked(review, PeerReviewStatus.SELF_REVIEW, PeerReviewStatus.VISIT)
    if review.self_review_submitted_at is None:
        raise ApplicationError(
            "incomplete", "The college has not sent its self-review yet.", status=409
        )
    roles = list(review.team.values_list("role", flat=True))
    if ReviewerRole.LIVED_EXPERIENCE not in roles:
        raise ApplicationError(
            "team_incomplete",
            "The review team must include a reviewer with lived experience.",
            field="team",
            status=409,
        )
    if ReviewerRole.LEAD not in roles:
        raise ApplicationError(
            "team_incomplete", "The review team needs a lead reviewer.", field="team", status=409
        )
    dates.check_planned(visit_on, field="visit_on", label="The visit date")
    old = review.visit_on
    review.visit_on = visit_on
    review.status = PeerReviewStatus.VISIT
    review.save(update_fields=["visit_on", "status", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.peer_review.visit_planned",
        obj=review,
        changes={"visit_on": [old.isoformat() if old else None, visit_on.isoformat()]},
    )
    return review


def _require_team_or_support(actor: Actor, review: PeerReview) -> None:
    if access.supports(actor, review.network_id):
        return
    member = review.team.filter(user=person(actor)).first()
    if member is None:
        raise PermissionDenied("Only the review team and the network team can do this.")
    if member.confidentiality_agreed_at is None:
        raise ApplicationError(
            "confidentiality",
            "Sign the confidentiality agreement before working on the review.",
            status=409,
        )


@transaction.atomic
def visit_slot_add(
    *,
    actor: Actor,
    review: PeerReview,
    starts_at: datetime.time,
    ends_at: datetime.time,
    activity: str,
    with_whom: str = "",
) -> VisitSlot:
    _require_team_or_support(actor, review)
    review = _locked(review, PeerReviewStatus.SELF_REVIEW, PeerReviewStatus.VISIT)
    if ends_at <= starts_at:
        raise ApplicationError(
            "invalid", "The end time must be after the start time.", field="ends_at", status=422
        )
    slot = VisitSlot.objects.create(
        review=review,
        starts_at=starts_at,
        ends_at=ends_at,
        activity=clean_name(activity, field="activity", max_length=200),
        with_whom=clean_text(with_whom, field="with_whom", max_length=200, single_line=True),
    )
    audit.record(
        actor=actor,
        action="colleges.peer_review.slot_added",
        obj=review,
        changes={"activity": slot.activity},
    )
    return slot


@transaction.atomic
def finding_add(*, actor: Actor, review: PeerReview, kind: str, text: str) -> PeerFinding:
    """A preliminary finding (on the day of the visit) or a strength or recommendation (for the
    report), written by the team."""
    _require_team_or_support(actor, review)
    review = _locked(review, PeerReviewStatus.VISIT)
    if kind not in FindingKind.values:
        raise ApplicationError(
            "invalid", "Choose what kind of finding this is.", field="kind", status=422
        )
    finding = PeerFinding.objects.create(
        review=review,
        kind=kind,
        text=clean_text(text, field="text", max_length=2000, required=True),
        written_by=person(actor),
    )
    audit.record(
        actor=actor, action="colleges.peer_review.finding_added", obj=review, changes={"kind": kind}
    )
    return finding


@transaction.atomic
def report_publish(*, actor: Actor, review: PeerReview, summary: str) -> PeerReview:
    """Publish the report to the college: a summary, its strengths and its recommendations."""
    if not (access.supports(actor, review.network_id) or selectors.is_lead(actor, review)):
        raise PermissionDenied("Only the lead reviewer and the network team publish the report.")
    review = _locked(review, PeerReviewStatus.VISIT)
    kinds = set(review.findings.values_list("kind", flat=True))
    if FindingKind.STRENGTH not in kinds or FindingKind.RECOMMENDATION not in kinds:
        raise ApplicationError(
            "incomplete",
            "The report needs at least one strength and one recommendation.",
            status=409,
        )
    review.report_summary = clean_text(summary, field="summary", max_length=6000, required=True)
    review.report_published_at = timezone.now()
    review.status = PeerReviewStatus.REPORT
    review.save(update_fields=["report_summary", "report_published_at", "status", "updated_at"])
    audit.record(actor=actor, action="colleges.peer_review.report_published", obj=review)
    return review


@transaction.atomic
def response_save(*, actor: Actor, review: PeerReview, response: str) -> PeerReview:
    """The college's response to the report."""
    _require_college_manager(actor, review)
    review = _locked(review, PeerReviewStatus.REPORT, PeerReviewStatus.RESPONDED)
    review.response = clean_text(response, field="response", max_length=6000, required=True)
    review.responded_at = timezone.now()
    review.status = PeerReviewStatus.RESPONDED
    review.save(update_fields=["response", "responded_at", "status", "updated_at"])
    audit.record(actor=actor, action="colleges.peer_review.responded", obj=review)
    return review


@transaction.atomic
def peer_review_close(*, actor: Actor, review: PeerReview) -> PeerReview:
    _require_support(actor, review.network_id)
    review = _locked(review, PeerReviewStatus.RESPONDED)
    review.status = PeerReviewStatus.CLOSED
    review.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="colleges.peer_review.closed", obj=review)
    return review


def peer_review_source(review: PeerReview) -> plan_topics.Source:
    return plan_topics.Source(
        kind=PEER_REVIEW_SOURCE,
        id=str(review.public_id),
        label=f"Peer review of {review.college.name}",
        url=reverse("learning_network:peer-review", args=[review.public_id]),
    )


def followup_plan_create(*, actor: Actor, review: PeerReview, title: str) -> object:
    """The college's follow-up actions: an action plan (in `plans`) with one first action per
    recommendation of the report."""
    _require_college_manager(actor, review)
    if review.status not in (PeerReviewStatus.REPORT, PeerReviewStatus.RESPONDED):
        raise ApplicationError(
            "wrong_stage", "Follow-up actions start once the report is published.", status=409
        )
    drafts = [
        plan_services.DraftAction(
            what=f.text[:500], topic=f"recommendation:{f.pk}", topic_label=f.text[:400]
        )
        for f in review.findings.all()
        if f.kind == FindingKind.RECOMMENDATION
    ]
    return plan_services.plan_create(
        actor=actor,
        organisation=review.college.organisation,
        title=title,
        source=peer_review_source(review),
        actions=drafts,
    )
