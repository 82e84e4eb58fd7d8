"""Programme structure, buddying goals and the client's quote over HTTP."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.text import Name

from .. import selectors, services
from .routing import router
from .schemas import EngagementOut, engagement_out


class PhaseIn(Schema):
    title: Name = Field(max_length=200)
    starts_on: datetime.date
    ends_on: datetime.date


class MilestoneIn(Schema):
    title: Name = Field(max_length=200)
    due_on: datetime.date
    fee_net: Decimal = Field(Decimal("0"), ge=0, le=9999999, decimal_places=2)


class ReachedIn(Schema):
    reached_on: datetime.date


class GoalIn(Schema):
    text: str = Field(min_length=1, max_length=500)


class QuoteIn(Schema):
    quote: str = Field("", max_length=500)
    consent: bool = False


def _found(request: HttpRequest, engagement_id: UUID) -> selectors.Found:
    return selectors.engagement_get(actor=request.user, public_id=engagement_id)


def _again(request: HttpRequest, engagement_id: UUID) -> dict[str, Any]:
    return engagement_out(request.user, _found(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/phases",
    response={201: EngagementOut},
    auth=api_auth,
    summary="Add a phase to a programme",
)
def phase_add(request: HttpRequest, engagement_id: UUID, payload: PhaseIn) -> Any:
    services.phase_add(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/milestones",
    response={201: EngagementOut},
    auth=api_auth,
    summary="Add a milestone (with its fee, for engagements invoiced per milestone)",
)
def milestone_add(request: HttpRequest, engagement_id: UUID, payload: MilestoneIn) -> Any:
    services.milestone_add(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        title=payload.title,
        due_on=payload.due_on,
        fee_net=payload.fee_net,
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/milestones/{milestone_id}/reached",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Mark a milestone reached (its fee is invoiced, per-milestone engagements)",
)
def milestone_reach(
    request: HttpRequest, engagement_id: UUID, milestone_id: int, payload: ReachedIn
) -> Any:
    services.milestone_reach(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        milestone_id=milestone_id,
        reached_on=payload.reached_on,
    )
    return _again(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/goals",
    response={201: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Add a buddying pair's shared goal",
)
def goal_add(request: HttpRequest, engagement_id: UUID, payload: GoalIn) -> Any:
    services.shared_goal_add(
        actor=request.user, engagement=_found(request, engagement_id).engagement, text=payload.text
    )
    return Status(201, _again(request, engagement_id))


@router.put(
    "/engagements/{engagement_id}/quote",
    response=EngagementOut,
    auth=api_auth,
    summary="Keep the client's words for use (only with their consent; empty removes it)",
)
def quote_set(request: HttpRequest, engagement_id: UUID, payload: QuoteIn) -> Any:
    services.quote_set(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        quote=payload.quote,
        consent=payload.consent,
    )
    return _again(request, engagement_id)
