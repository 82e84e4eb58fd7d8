"""Debates over HTTP: organisers create debates and open and close rounds; attendees cast or
change their own vote; results are hidden while a round is open and suppressed below the minimum."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors

from .. import selectors, services, tally, targets
from ..models import Debate
from .routing import router
from .schemas import DebateIn, DebateOut, VoteIn, VoteOut


def debate_out(request: HttpRequest, debate: Debate) -> dict[str, Any]:
    r = selectors.debate_results(actor=request.user, debate=debate)
    movement = None
    if r.movement is not None:
        movement = {
            "paired": r.movement.paired,
            "moved": r.movement.moved(),
            "only_before": r.movement.only_before,
            "only_after": r.movement.only_after,
            "table": [
                {"before": b, "after": a, "count": r.movement.count(b, a)}
                for b in tally.OPTIONS
                for a in tally.OPTIONS
            ],
        }
    return {
        "id": debate.public_id,
        "motion": debate.motion,
        "target_kind": debate.target_kind,
        "target_id": debate.target_id,
        "labels": r.labels,
        "vote_link": settings.SITE_URL + reverse("feedback:debate-short", args=[debate.short_code]),
        "min_votes": debate.min_votes,
        "open_round": r.open_round,
        "rounds": [
            {
                "kind": x.kind,
                "status": x.status,
                "total": x.total,
                "counts": x.counts,
                "shares": x.shares,
                "suppressed": x.suppressed,
            }
            for x in r.rounds
        ],
        "swing": r.swing,
        "movement": movement,
    }


@router.post(
    "/debates",
    response={201: DebateOut},
    auth=api_auth,
    summary="Add a critical debate to an event",
)
def debate_create(request: HttpRequest, payload: DebateIn) -> Any:
    debate = services.debate_create(
        actor=request.user,
        target_kind=payload.target_kind,
        target_id=payload.target_id,
        motion=payload.motion,
        description=payload.description,
        label_for=payload.label_for,
        label_against=payload.label_against,
        label_undecided=payload.label_undecided,
        walk_ins=payload.walk_ins,
        min_votes=payload.min_votes,
        speakers=[
            services.SpeakerInput(side=s.side, name=s.name, role=s.role) for s in payload.speakers
        ],
    )
    return Status(201, debate_out(request, debate))


@router.get(
    "/debates/{debate_id}",
    response=DebateOut,
    auth=api_auth,
    summary="A debate: the motion, which round is open, results once shown",
)
def debate_detail(request: HttpRequest, debate_id: UUID) -> Any:
    return debate_out(request, selectors.debate_for_voting(actor=request.user, public_id=debate_id))


@router.get(
    "/debates/{debate_id}/results",
    response=DebateOut,
    auth=api_auth,
    summary="A debate's results, swing and movement (organisers, hosts, network team)",
)
@private_read(*targets.PAGE_APPS)
def debate_results(request: HttpRequest, debate_id: UUID) -> Any:
    return debate_out(request, selectors.debate_for_report(actor=request.user, public_id=debate_id))


@router.post(
    "/debates/{debate_id}/rounds/{kind}/open",
    response={200: DebateOut, **errors(409)},
    auth=api_auth,
    summary="Open a voting round (before, then after)",
)
def round_open(request: HttpRequest, debate_id: UUID, kind: str) -> Any:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=debate_id)
    services.round_open(actor=request.user, debate=debate, kind=kind)
    return debate_out(request, debate)


@router.post(
    "/debates/{debate_id}/rounds/{kind}/close",
    response={200: DebateOut, **errors(409)},
    auth=api_auth,
    summary="Close a voting round",
)
def round_close(request: HttpRequest, debate_id: UUID, kind: str) -> Any:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=debate_id)
    services.round_close(actor=request.user, debate=debate, kind=kind)
    return debate_out(request, debate)


@router.put(
    "/debates/{debate_id}/rounds/{kind}/vote",
    response={200: VoteOut, **errors(409)},
    auth=api_auth,
    summary="Cast or change your own vote in an open round",
)
def vote(request: HttpRequest, debate_id: UUID, kind: str, payload: VoteIn) -> Any:
    debate = selectors.debate_for_voting(actor=request.user, public_id=debate_id)
    choice = services.vote_cast(actor=request.user, debate=debate, kind=kind, choice=payload.choice)
    return {"round": kind, "choice": choice}
