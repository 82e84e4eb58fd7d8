"""Rounds over HTTP: start, see, invite raters, agree consensus, close, choose priorities and start an action plan from them."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Router, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.network import selectors as network_selectors
from recoverynet.plans import api as plan_api
from recoverynet.plans import selectors as plan_selectors
from recoverynet.plans.api import PlanOut

from .. import selectors, services
from .schemas import (
    CellOut,
    ConsensusIn,
    ConsensusOut,
    PriorityIn,
    PriorityOut,
    RaterIn,
    RaterOut,
    RoundIn,
    RoundOut,
    round_out,
)

router = Router(tags=["self-assessment"])


@router.get(
    "/organisations/{slug}/assessments",
    response=list[RoundOut],
    auth=api_auth,
    summary="An organisation's self-assessment rounds",
)
def round_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    return [
        round_out(r)
        for r in selectors.rounds_for_organisation(actor=request.user, organisation=organisation)
    ]


@router.post(
    "/organisations/{slug}/assessments",
    response={201: RoundOut},
    auth=api_auth,
    summary="Start a round",
)
def round_start(request: HttpRequest, slug: str, payload: RoundIn) -> Any:
    organisation = network_selectors.organisation_public(slug)
    framework = selectors.framework_current_get(payload.framework)
    if framework is None:
        raise ApplicationError(
            "invalid", "Choose a current framework.", field="framework", status=422
        )
    round_ = services.round_start(
        actor=request.user,
        organisation=organisation,
        framework=framework,
        title=payload.title,
        team_name=payload.team_name,
        team_resources=payload.team_resources,
        rate_by=payload.rate_by,
    )
    return Status(201, round_out(round_))


@router.get(
    "/assessments/{round_id}",
    response=RoundOut,
    auth=api_auth,
    summary="One round, with consensus and priorities",
)
def round_detail(request: HttpRequest, round_id: UUID) -> Any:
    return round_out(selectors.round_get(actor=request.user, public_id=round_id))


@router.get(
    "/assessments/{round_id}/ratings",
    response=list[CellOut],
    auth=api_auth,
    summary="Ratings side by side, per cell",
)
def round_ratings(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    grid = selectors.round_grid(actor=request.user, round_=round_)
    return [
        {
            "challenge": cell.challenge.pk,
            "level": cell.level.key,
            "ratings": [rating.value for _, rating in cell.ratings],
            "perspectives": cell.perspective_medians(),
            "disagreement": cell.disagreement,
            "consensus": cell.consensus.value if cell.consensus else None,
        }
        for _, cells in grid.rows()
        for cell in cells
    ]


@router.post(
    "/assessments/{round_id}/raters",
    response={201: RaterOut, **errors(409)},
    auth=api_auth,
    summary="Invite a rater (a member, or anyone by single-use link)",
)
def rater_invite(request: HttpRequest, round_id: UUID, payload: RaterIn) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    if payload.email and not payload.name:
        # The same answer whether or not the address has an account (issue #9).
        rater = services.rater_invite_by_email(
            actor=request.user, round_=round_, email=payload.email
        )
        return Status(
            201,
            {
                "id": rater.pk,
                "name": rater.name,
                "submitted": False,
                "link": None,
            },
        )
    invitation = services.rater_invite_by_link(
        actor=request.user,
        round_=round_,
        name=payload.name,
        email=payload.email,
    )
    link = request.build_absolute_uri(f"/rate/{invitation.raw_token}/")
    rater = invitation.rater
    return Status(
        201,
        {
            "id": rater.pk,
            "name": rater.name,
            "submitted": False,
            "link": link,
        },
    )


@router.put(
    "/assessments/{round_id}/consensus",
    response={200: ConsensusOut, **errors(409)},
    auth=api_auth,
    summary="Record the agreed rating for one cell",
)
def consensus_set(request: HttpRequest, round_id: UUID, payload: ConsensusIn) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    consensus = services.consensus_set(
        actor=request.user,
        round_=round_,
        challenge_id=payload.challenge,
        level_key=payload.level,
        value=payload.value,
        rationale=payload.rationale,
    )
    return {
        "challenge": consensus.challenge_id,
        "level": consensus.level.key,
        "value": consensus.value,
        "rationale": consensus.rationale,
    }


@router.post(
    "/assessments/{round_id}/close",
    response={200: RoundOut, **errors(409)},
    auth=api_auth,
    summary="Close the round (every cell agreed)",
)
def round_close(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    return round_out(services.round_close(actor=request.user, round_=round_))


@router.post(
    "/assessments/{round_id}/close/undo",
    response={200: RoundOut, **errors(409)},
    auth=api_auth,
    summary="Undo closing the round: within 15 minutes, before priorities are chosen and while "
    "no published benchmark counts it",
)
def round_close_undo(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    return round_out(services.round_close_undo(actor=request.user, round_=round_))


@router.put(
    "/assessments/{round_id}/priorities",
    response={200: list[PriorityOut], **errors(409)},
    auth=api_auth,
    summary="Set the top three priorities",
)
def priorities_set(request: HttpRequest, round_id: UUID, payload: list[PriorityIn]) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    rows = services.priorities_set(
        actor=request.user,
        round_=round_,
        priorities=[
            services.PriorityInput(challenge_id=p.challenge, level_key=p.level, reason=p.reason)
            for p in payload
        ],
    )
    return [
        {"rank": p.rank, "challenge": p.challenge_id, "level": p.level.key, "reason": p.reason}
        for p in rows
    ]


@router.post(
    "/assessments/{round_id}/action-plan",
    response={201: PlanOut, **errors(409)},
    auth=api_auth,
    summary="Start an action plan from a closed round's priorities",
)
def plan_from_round(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    plan = services.plan_from_priorities(actor=request.user, round_=round_)
    return Status(
        201,
        plan_api.plan_out(plan_selectors.plan_get(actor=request.user, public_id=plan.public_id)),
    )
