"""Agreeing many cells at once over HTTP, and the day raters are asked to send ratings by."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import PermissionDenied

from .. import access, agreeing, selectors, services
from ..models import REMINDER_DAY_CHOICES
from .schemas import ConsensusOut, RoundOut, round_out

router = Router(tags=["self-assessment"])


class CellIn(Schema):
    challenge: int = Field(description="The challenge's id, as in the round's ratings.")
    level: str = Field(max_length=30)


class AgreeManyIn(Schema):
    every: bool = Field(
        False, description="Agree every cell where the ratings agree (then leave `cells` empty)."
    )
    cells: list[CellIn] = Field(
        default_factory=list, max_length=500, description="The cells to agree, if not `every`."
    )


class DeadlineIn(Schema):
    rate_by: datetime.date | None = Field(
        description="The day raters are asked to send their ratings by; null for none."
    )
    reminder_days: list[int] | None = Field(
        None,
        max_length=len(REMINDER_DAY_CHOICES),
        description="When reminders go, in days from rate_by, each one of "
        f"{list(REMINDER_DAY_CHOICES)} (e.g. [-3, 0, 3]); [] for none; leave out to keep the "
        "round's schedule.",
    )


class ProposalOut(Schema):
    challenge: int
    level: str
    value: int = Field(description="The middle rating (median), which would be agreed.")
    ratings: int = Field(description="How many ratings the cell has.")


@router.get(
    "/assessments/{round_id}/consensus/agreeing",
    response=list[ProposalOut],
    auth=api_auth,
    summary="The cells where the ratings agree, and the rating that would be agreed for each",
)
def proposals(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    if not access.can_facilitate(request.user, round_):
        raise PermissionDenied("Only the round's facilitator can agree ratings.")
    grid = selectors.round_grid(actor=request.user, round_=round_)
    return [
        {
            "challenge": p.cell.challenge.pk,
            "level": p.cell.level.key,
            "value": p.value,
            "ratings": len(p.cell.values),
        }
        for p in agreeing.proposals(grid)
    ]


@router.post(
    "/assessments/{round_id}/consensus/agree",
    response={200: list[ConsensusOut], **errors(409)},
    auth=api_auth,
    summary="Agree many cells at once, where the ratings agree (the median is recorded)",
)
def agree_many(request: HttpRequest, round_id: UUID, payload: AgreeManyIn) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    keys = None if payload.every else [f"{c.challenge}-{c.level}" for c in payload.cells]
    made = services.consensus_agree_many(actor=request.user, round_=round_, keys=keys)
    return [
        {
            "challenge": c.challenge_id,
            "level": c.level.key,
            "value": c.value,
            "rationale": c.rationale,
        }
        for c in made
    ]


@router.put(
    "/assessments/{round_id}/deadline",
    response={200: RoundOut, **errors(409)},
    auth=api_auth,
    summary="Set, change or clear the day raters are asked to send their ratings by, and when "
    "they are reminded",
)
def deadline_set(request: HttpRequest, round_id: UUID, payload: DeadlineIn) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    round_ = services.round_deadline_set(
        actor=request.user,
        round_=round_,
        rate_by=payload.rate_by,
        reminder_days=payload.reminder_days,
    )
    return round_out(round_)
