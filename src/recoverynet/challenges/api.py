"""Frameworks and self-assessment rounds over HTTP, with the same rules as the pages."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import Line, Name
from recoverynet.network import selectors as network_selectors

from . import selectors, services
from .models import AssessmentRound

router = Router(tags=["self-assessment"])


class LevelOut(Schema):
    key: str
    label: str
    description: str


class ChallengeOut(Schema):
    id: int
    number: int
    title: str
    description: str


class ScalePointOut(Schema):
    value: int
    label: str
    descriptor: str


class FrameworkOut(Schema):
    id: int
    family: str
    version: int
    name: str
    description: str
    source: str
    is_current: bool


class FrameworkDetailOut(FrameworkOut):
    levels: list[LevelOut]
    challenges: list[ChallengeOut]
    scale: list[ScalePointOut]


class RoundIn(Schema):
    framework: int
    title: Name = Field(max_length=200)
    team_name: Line = Field("", max_length=150)
    team_resources: dict[str, int] = {}


class PriorityOut(Schema):
    rank: int
    challenge: int
    level: str
    reason: str


class ConsensusOut(Schema):
    challenge: int
    level: str
    value: int
    rationale: str


class RoundOut(Schema):
    id: UUID
    organisation: str
    framework: int
    title: str
    team_name: str
    team_resources: dict[str, int]
    status: str
    created_at: datetime.datetime
    closed_at: datetime.datetime | None
    consensus: list[ConsensusOut]
    priorities: list[PriorityOut]


def _round_out(round_: AssessmentRound) -> dict[str, Any]:
    return {
        "id": round_.public_id,
        "organisation": round_.organisation.slug,
        "framework": round_.framework_id,
        "title": round_.title,
        "team_name": round_.team_name,
        "team_resources": round_.team_resources,
        "status": round_.status,
        "created_at": round_.created_at,
        "closed_at": round_.closed_at,
        "consensus": [
            {
                "challenge": c.challenge_id,
                "level": c.level.key,
                "value": c.value,
                "rationale": c.rationale,
            }
            for c in round_.consensus.select_related("level")
        ],
        "priorities": [
            {"rank": p.rank, "challenge": p.challenge_id, "level": p.level.key, "reason": p.reason}
            for p in round_.priorities.select_related("level")
        ],
    }


class RaterIn(Schema):
    email: str = Field(
        "",
        max_length=254,
        description="An existing person of the organisation; or leave empty and give a name to invite by link.",
    )
    name: Line = Field("", max_length=150)


class RaterOut(Schema):
    """No perspective: raters state it for the round themselves, and it is only ever shown as
    counts and medians of groups of at least the people threshold."""

    id: int
    name: str
    submitted: bool
    link: str | None = Field(None, description="Only when invited by link, only in this response.")


class RatingIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    value: int | None = Field(None, description='A point on the scale; null for "don\'t know".')
    evidence: str = Field("", max_length=2000)


class ConsensusIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    value: int
    rationale: str = Field("", max_length=2000)


class PriorityIn(Schema):
    challenge: int
    level: str = Field(max_length=30)
    reason: str = Field("", max_length=1000)


class CellOut(Schema):
    challenge: int
    level: str
    ratings: list[int | None]
    perspectives: dict[str, float] = Field(
        description="Median rating of each perspective group with at least the people threshold "
        "(RECOVERYNET_SUPPRESS_PEOPLE_BELOW) of raters; smaller groups are left out."
    )
    disagreement: bool
    consensus: int | None


@router.get("/frameworks", response=list[FrameworkOut], auth=None, summary="Current frameworks")
def framework_list(request: HttpRequest) -> Any:
    return selectors.frameworks_current()


@router.get(
    "/frameworks/{framework_id}",
    response=FrameworkDetailOut,
    auth=None,
    summary="One framework version",
)
def framework_detail(request: HttpRequest, framework_id: int) -> Any:
    framework = selectors.framework_get(framework_id)
    return {
        **FrameworkOut.from_orm(framework).model_dump(),
        "levels": list(framework.levels.all()),
        "challenges": list(framework.challenges.all()),
        "scale": list(framework.scale.all()),
    }


@router.get(
    "/organisations/{slug}/assessments",
    response=list[RoundOut],
    auth=api_auth,
    summary="An organisation's self-assessment rounds",
)
def round_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    return [
        _round_out(r)
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
    framework = selectors.frameworks_current().filter(pk=payload.framework).first()
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
    )
    return Status(201, _round_out(round_))


@router.get(
    "/assessments/{round_id}",
    response=RoundOut,
    auth=api_auth,
    summary="One round, with consensus and priorities",
)
def round_detail(request: HttpRequest, round_id: UUID) -> Any:
    return _round_out(selectors.round_get(actor=request.user, public_id=round_id))


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
    "/assessments/{round_id}/my-ratings",
    response={200: list[RatingIn], **errors(409)},
    auth=api_auth,
    summary="Save your ratings (as a signed-in rater)",
)
def my_ratings_save(request: HttpRequest, round_id: UUID, payload: list[RatingIn]) -> Any:
    round_ = AssessmentRound.objects.filter(public_id=round_id).first()
    if round_ is None:
        raise ApplicationError("not_found", "We could not find that self-assessment.", status=404)
    rater = services.rater_for_user(actor=request.user, round_=round_)
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
        for r in rater.ratings.select_related("level")
    ]


@router.post(
    "/assessments/{round_id}/submit",
    response={200: RaterOut, **errors(409)},
    auth=api_auth,
    summary="Send your ratings",
)
def my_ratings_submit(request: HttpRequest, round_id: UUID) -> Any:
    round_ = AssessmentRound.objects.filter(public_id=round_id).first()
    if round_ is None:
        raise ApplicationError("not_found", "We could not find that self-assessment.", status=404)
    rater = services.rater_submit(rater=services.rater_for_user(actor=request.user, round_=round_))
    return {"id": rater.pk, "name": rater.name, "submitted": True}


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
    return _round_out(services.round_close(actor=request.user, round_=round_))


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


class ProgressRoundOut(Schema):
    id: UUID
    title: str
    closed_at: datetime.datetime | None
    agreed: list[ConsensusOut]
    priorities: list[PriorityOut]


class ProgressOut(Schema):
    organisation: str
    framework_family: str
    rounds: list[ProgressRoundOut] = Field(
        description="Closed whole-organisation rounds, oldest first."
    )


@router.get(
    "/organisations/{slug}/progress",
    response=ProgressOut,
    auth=api_auth,
    summary="Agreed ratings across rounds (progress over time)",
)
def progress(request: HttpRequest, slug: str, family: str = "ten-organisational-challenges") -> Any:
    organisation = network_selectors.organisation_public(slug)
    result = selectors.organisation_progress(
        actor=request.user, organisation=organisation, family=family
    )
    return {
        "organisation": organisation.slug,
        "framework_family": family,
        "rounds": [
            {
                "id": r.public_id,
                "title": r.title,
                "closed_at": r.closed_at,
                "agreed": [
                    {"challenge": number, "level": key, "value": value, "rationale": ""}
                    for (number, key), value in sorted(result.agreed[r.pk].items())
                ],
                "priorities": [
                    {
                        "rank": p.rank,
                        "challenge": p.challenge.number,
                        "level": p.level.key,
                        "reason": p.reason,
                    }
                    for p in result.priorities[r.pk]
                ],
            }
            for r in result.rounds
        ],
    }


# The network benchmark's operations live in their own module (see benchmark_api.py).
from .benchmark_api import router as benchmark_router  # noqa: E402

router.add_router("", benchmark_router)
