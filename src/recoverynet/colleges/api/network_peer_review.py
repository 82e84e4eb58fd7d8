"""External peer reviews over HTTP: visible to the reviewed college, its team and the network team;
the network team forms the team, conflicts of interest checked."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors

from ..selectors import network as network_selectors
from ..selectors import peer_review as peer_selectors
from ..services import peer_review as peer_services
from ..services import peer_review_visit as peer_visit
from .network_router import router

# --- Peer review ---------------------------------------------------------------------------------


class ReviewerOut(Schema):
    id: int
    name: str
    college: str
    role: str
    confidentiality_agreed: bool


class FindingOut(Schema):
    kind: str
    text: str


class PeerReviewOut(Schema):
    id: UUID
    network: str
    college: str
    status: str
    self_review_sent: bool
    visit_on: datetime.date | None
    team: list[ReviewerOut]
    findings: list[FindingOut]
    report_summary: str
    report_published_at: datetime.datetime | None
    response: str


def _peer_out(review: Any) -> dict[str, Any]:
    return {
        "id": review.public_id,
        "network": review.network.slug,
        "college": review.college.slug,
        "status": review.status,
        "self_review_sent": review.self_review_submitted_at is not None,
        "visit_on": review.visit_on,
        "team": [
            {
                "id": m.pk,
                "name": m.user.full_name or m.user.email,
                "college": m.home_college.slug,
                "role": m.role,
                "confidentiality_agreed": m.confidentiality_agreed_at is not None,
            }
            for m in review.team.all()
        ],
        "findings": [{"kind": f.kind, "text": f.text} for f in review.findings.all()],
        "report_summary": review.report_summary,
        "report_published_at": review.report_published_at,
        "response": review.response,
    }


class PeerListItem(Schema):
    id: UUID
    network: str
    college: str
    status: str
    visit_on: datetime.date | None


@router.get(
    "/peer-reviews",
    response=list[PeerListItem],
    auth=api_auth,
    summary="The peer reviews you may see (your college's, those you review, your network's)",
)
def peer_list(request: HttpRequest) -> Any:
    return [
        {
            "id": r.public_id,
            "network": r.network.slug,
            "college": r.college.slug,
            "status": r.status,
            "visit_on": r.visit_on,
        }
        for r in peer_selectors.peer_reviews_visible(actor=request.user)
    ]


@router.get(
    "/peer-reviews/{review_id}",
    response=PeerReviewOut,
    auth=api_auth,
    summary="One peer review (the reviewed college, its review team and the network team only)",
)
def peer_detail(request: HttpRequest, review_id: UUID) -> Any:
    return _peer_out(peer_selectors.peer_review_get(actor=request.user, public_id=review_id))


class PeerStartIn(Schema):
    college: str = Field(max_length=80, description="The college's slug")


@router.post(
    "/learning-network/{slug}/peer-reviews",
    response={201: PeerReviewOut, **errors(409)},
    auth=api_auth,
    summary="Start a peer review of a member college (the network's coordinators and consultants)",
)
def peer_start(request: HttpRequest, slug: str, payload: PeerStartIn) -> Any:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    college = network_selectors.college_by_slug(payload.college)
    review = peer_services.peer_review_start(actor=request.user, network=network, college=college)
    return Status(
        201,
        _peer_out(peer_selectors.peer_review_get(actor=request.user, public_id=review.public_id)),
    )


class ReviewerIn(Schema):
    email: str = Field(max_length=254)
    college: str = Field(max_length=80, description="The reviewer's own college (slug)")
    role: Literal["lead", "peer", "lived_experience"]


@router.post(
    "/peer-reviews/{review_id}/team",
    response={201: PeerReviewOut, **errors(409)},
    auth=api_auth,
    summary="Add a reviewer (conflicts of interest are refused with 422)",
)
def peer_team_add(request: HttpRequest, review_id: UUID, payload: ReviewerIn) -> Any:
    review = peer_selectors.peer_review_get(actor=request.user, public_id=review_id)
    peer_services.reviewer_add(
        actor=request.user,
        review=review,
        email=payload.email,
        home_college=network_selectors.college_by_slug(payload.college),
        role=payload.role,
    )
    return Status(
        201, _peer_out(peer_selectors.peer_review_get(actor=request.user, public_id=review_id))
    )


class FindingIn(Schema):
    kind: Literal["preliminary", "strength", "recommendation"]
    text: str = Field(min_length=1, max_length=2000)


@router.post(
    "/peer-reviews/{review_id}/findings",
    response={201: PeerReviewOut, **errors(409)},
    auth=api_auth,
    summary="Add a finding (the review team, during the visit stage)",
)
def peer_finding_add(request: HttpRequest, review_id: UUID, payload: FindingIn) -> Any:
    review = peer_selectors.peer_review_get(actor=request.user, public_id=review_id)
    peer_visit.finding_add(actor=request.user, review=review, kind=payload.kind, text=payload.text)
    return Status(
        201, _peer_out(peer_selectors.peer_review_get(actor=request.user, public_id=review_id))
    )


class ResponseIn(Schema):
    response: str = Field(min_length=1, max_length=6000)


@router.post(
    "/peer-reviews/{review_id}/response",
    response={200: PeerReviewOut, **errors(409)},
    auth=api_auth,
    summary="The college's response to the report (its managers)",
)
def peer_response(request: HttpRequest, review_id: UUID, payload: ResponseIn) -> Any:
    review = peer_selectors.peer_review_get(actor=request.user, public_id=review_id)
    peer_visit.response_save(actor=request.user, review=review, response=payload.response)
    return _peer_out(peer_selectors.peer_review_get(actor=request.user, public_id=review_id))
