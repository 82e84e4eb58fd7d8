"""Fidelity reviews over HTTP: raters save their own ratings; the college's managers and the network
team see the whole review, agree ratings and close it; member colleges see the network
distribution, suppressed."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import Name

from .. import fidelity as structure
from ..selectors import fidelity as fidelity_selectors
from ..selectors import network as network_selectors
from ..services import fidelity as fidelity_services
from .network_router import router

# --- Fidelity ------------------------------------------------------------------------------------


class VersionViewOut(Schema):
    version: str
    n: int
    counts: dict[str, int]
    median: float | None


class ComponentOut(Schema):
    key: str
    name: str
    scored: bool
    versions: list[VersionViewOut]
    disagreement: int = Field(description="0 agree; 1 versions differ; 2 one red, another green")
    agreed_score: int | None
    agreed_type: int | None


class FidelityReviewOut(Schema):
    id: UUID
    college: str
    network: str
    title: str
    status: str
    total: int | None = Field(description="0 to 14, once every scored component is agreed")
    raters: dict[str, int]
    components: list[ComponentOut]


class FidelityListItem(Schema):
    id: UUID
    title: str
    status: str
    network: str
    total: int | None


def _review_out(actor: Any, review: Any) -> dict[str, Any]:
    grid = fidelity_selectors.fidelity_grid(actor=actor, review=review)
    return {
        "id": review.public_id,
        "college": review.college.slug,
        "network": review.network.slug,
        "title": review.title,
        "status": review.status,
        "total": grid.total,
        "raters": grid.raters,
        "components": [
            {
                "key": row.component.key,
                "name": row.component.name,
                "scored": row.component.scored,
                "versions": [
                    {
                        "version": v.version,
                        "n": v.n,
                        "counts": {str(k): c for k, c in v.counts.items()},
                        "median": v.view,
                    }
                    for v in row.versions
                ],
                "disagreement": row.disagreement,
                "agreed_score": row.agreed.score if row.agreed else None,
                "agreed_type": row.agreed.type if row.agreed else None,
            }
            for row in grid.rows
        ],
    }


@router.get(
    "/colleges/{slug}/fidelity-reviews",
    response=list[FidelityListItem],
    auth=api_auth,
    summary="A college's fidelity reviews (its staff and the network team)",
)
def fidelity_list(request: HttpRequest, slug: str) -> Any:
    college = network_selectors.college_by_slug(slug)
    return [
        {
            "id": r.public_id,
            "title": r.title,
            "status": r.status,
            "network": r.network.slug,
            "total": structure.total({a.component: a.score for a in r.agreements.all()}),
        }
        for r in fidelity_selectors.fidelity_reviews_for_college(
            actor=request.user, college=college
        )
    ]


class FidelityStartIn(Schema):
    title: Name = Field(max_length=200)
    network: str = Field(max_length=60, description="The network's slug")


@router.post(
    "/colleges/{slug}/fidelity-reviews",
    response={201: FidelityReviewOut, **errors(409)},
    auth=api_auth,
    summary="Start a fidelity review (the college's managers, the network's coordinators)",
)
def fidelity_start(request: HttpRequest, slug: str, payload: FidelityStartIn) -> Any:
    college = network_selectors.college_by_slug(slug)
    network = next(
        (n for n in network_selectors.college_networks(college) if n.slug == payload.network), None
    )
    if network is None:
        raise ApplicationError(
            "invalid", "Choose a network the college belongs to.", field="network", status=422
        )
    review = fidelity_services.fidelity_review_start(
        actor=request.user, college=college, network=network, title=payload.title
    )
    return Status(201, _review_out(request.user, review))


@router.get(
    "/fidelity-reviews/{review_id}",
    response=FidelityReviewOut,
    auth=api_auth,
    summary="A fidelity review side by side: each version's view with n, disagreement, agreed "
    "ratings and the total (no rater is named)",
)
def fidelity_detail(request: HttpRequest, review_id: UUID) -> Any:
    review = fidelity_selectors.fidelity_review_get(actor=request.user, public_id=review_id)
    return _review_out(request.user, review)


class RatingIn(Schema):
    component: str = Field(max_length=40)
    score: Literal[0, 1, 2] | None = None
    type: Literal[1, 2] | None = None
    evidence: str = Field("", max_length=2000)


class MyRatingsIn(Schema):
    ratings: list[RatingIn] = Field(max_length=12)


class MyRatingsOut(Schema):
    version: str
    ratings: list[RatingIn]


def _my_ratings(actor: Any, review: Any) -> dict[str, Any]:
    version = fidelity_selectors.rater_version(actor, review.college) or ""
    mine = fidelity_selectors.my_ratings(actor=actor, review=review)
    return {
        "version": version,
        "ratings": [
            {"component": k, "score": r.score, "type": r.type, "evidence": r.evidence}
            for k, r in sorted(mine.items())
        ],
    }


@router.get(
    "/fidelity-reviews/{review_id}/my-ratings",
    response=MyRatingsOut,
    auth=api_auth,
    summary="Your own ratings in a review",
)
def my_ratings(request: HttpRequest, review_id: UUID) -> Any:
    review = fidelity_selectors.fidelity_review_get(actor=request.user, public_id=review_id)
    return _my_ratings(request.user, review)


@router.put(
    "/fidelity-reviews/{review_id}/my-ratings",
    response={200: MyRatingsOut, **errors(409)},
    auth=api_auth,
    summary="Save your own ratings (students, peer trainers and managers, each in their version)",
)
def my_ratings_save(request: HttpRequest, review_id: UUID, payload: MyRatingsIn) -> Any:
    review = fidelity_selectors.fidelity_review_get(actor=request.user, public_id=review_id)
    fidelity_services.fidelity_ratings_save(
        actor=request.user,
        review=review,
        ratings=[
            fidelity_services.RatingInput(
                component=r.component, score=r.score, type=r.type, evidence=r.evidence
            )
            for r in payload.ratings
        ],
    )
    return _my_ratings(request.user, review)


class AgreementIn(Schema):
    component: str = Field(max_length=40)
    score: Literal[0, 1, 2] | None = None
    type: Literal[1, 2] | None = None
    rationale: str = Field("", max_length=2000)


@router.post(
    "/fidelity-reviews/{review_id}/agreements",
    response={200: FidelityReviewOut, **errors(409)},
    auth=api_auth,
    summary="Record the agreed rating of one component",
)
def fidelity_agree(request: HttpRequest, review_id: UUID, payload: AgreementIn) -> Any:
    review = fidelity_selectors.fidelity_review_get(actor=request.user, public_id=review_id)
    fidelity_services.fidelity_agree(
        actor=request.user,
        review=review,
        component=payload.component,
        score=payload.score,
        type=payload.type,
        rationale=payload.rationale,
    )
    return _review_out(request.user, review)


@router.post(
    "/fidelity-reviews/{review_id}/close",
    response={200: FidelityReviewOut, **errors(409)},
    auth=api_auth,
    summary="Close a review once every component is agreed",
)
def fidelity_close(request: HttpRequest, review_id: UUID) -> Any:
    review = fidelity_selectors.fidelity_review_get(actor=request.user, public_id=review_id)
    review = fidelity_services.fidelity_review_close(actor=request.user, review=review)
    return _review_out(request.user, review)


class DistributionOut(Schema):
    colleges: int
    suppressed: bool
    minimum: int
    median: float | None
    lower_quartile: float | None
    upper_quartile: float | None
    published_at: datetime.datetime | None = None


@router.get(
    "/learning-network/{slug}/fidelity-distribution",
    response=DistributionOut,
    auth=api_auth,
    summary="The spread of member colleges' latest fidelity totals (suppressed below the "
    "organisations threshold)",
)
def fidelity_distribution(request: HttpRequest, slug: str) -> Any:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    found = fidelity_selectors.fidelity_distribution(actor=request.user, network=network)
    shown = not found.suppressed and found.spread is not None
    return {
        "colleges": found.colleges,
        "suppressed": found.suppressed,
        "minimum": found.minimum,
        "median": found.spread.median if shown and found.spread else None,
        "lower_quartile": found.spread.lower_quartile if shown and found.spread else None,
        "upper_quartile": found.spread.upper_quartile if shown and found.spread else None,
        "published_at": found.published_at,
    }
