"""A signed-in rater's own ratings over HTTP: save them, send them."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors

from .. import selectors, services
from .schemas import RaterOut, RatingIn

router = Router(tags=["self-assessment"])


@router.put(
    "/assessments/{round_id}/my-ratings",
    response={200: list[RatingIn], **errors(409)},
    auth=api_auth,
    summary="Save your ratings (as a signed-in rater)",
)
def my_ratings_save(request: HttpRequest, round_id: UUID, payload: list[RatingIn]) -> Any:
    rater = selectors.own_rater(actor=request.user, public_id=round_id)
    for item in payload:
        services.rating_save(
            rater=rater,
            challenge_id=item.challenge,
            level_key=item.level,
            value=item.value,
            evidence=item.evidence,
        )
    return [
        {
            "challenge": r.challenge_id,
            "level": r.level.key,
            "value": r.value,
            "evidence": r.evidence,
        }
        for r in selectors.rater_ratings(rater)
    ]


@router.post(
    "/assessments/{round_id}/submit",
    response={200: RaterOut, **errors(409)},
    auth=api_auth,
    summary="Send your ratings",
)
def my_ratings_submit(request: HttpRequest, round_id: UUID) -> Any:
    rater = services.rater_submit(rater=selectors.own_rater(actor=request.user, public_id=round_id))
    return {"id": rater.pk, "name": rater.name, "submitted": True}
