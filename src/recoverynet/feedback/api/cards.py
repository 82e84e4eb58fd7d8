"""Room cards over HTTP (decision 0036): organisers make one-time codes; a device without a sign-in
joins with one (no credentials) and gets its own token, then votes or answers with it."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import PermissionDenied

from .. import selectors, services
from ..links import join_link
from .routing import router
from .schemas import (
    CardJoinIn,
    CardJoinOut,
    CardResponseIn,
    CardsIn,
    CardsOut,
    CardVoteIn,
    ResponseOut,
    VoteOut,
)


@router.post(
    "/debates/{debate_id}/cards",
    response={201: CardsOut, **errors(409)},
    auth=api_auth,
    summary="Make one-time room cards for devices without a sign-in (organisers)",
)
def debate_cards(request: HttpRequest, debate_id: UUID, payload: CardsIn) -> Any:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=debate_id)
    codes = services.cards_issue(actor=request.user, obj=debate, count=payload.count)
    return Status(201, {"codes": codes, "join_link": join_link()})


@router.post(
    "/feedback/forms/{form_id}/cards",
    response={201: CardsOut, **errors(409)},
    auth=api_auth,
    summary="Make one-time room cards for people without an e-mail address (organisers)",
)
def form_cards(request: HttpRequest, form_id: UUID, payload: CardsIn) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    codes = services.cards_issue(actor=request.user, obj=form, count=payload.count)
    return Status(201, {"codes": codes, "join_link": join_link()})


@router.post(
    "/feedback/join",
    response={201: CardJoinOut, **errors(403, 409)},
    auth=None,
    summary="Use a room card on this device (no sign-in): its own token",
)
def card_join(request: HttpRequest, payload: CardJoinIn) -> Any:
    done = services.card_redeem(actor=request.user, code=payload.code)
    obj: Any = done.debate or done.form
    kind = "debate" if done.debate is not None else "form"
    return Status(201, {"kind": kind, "id": obj.public_id, "token": done.token})


@router.put(
    "/debates/{debate_id}/rounds/{kind}/card-vote",
    response={200: VoteOut, **errors(403, 409)},
    auth=None,
    summary="Cast or change a card-holding device's vote in an open round",
)
def card_vote(request: HttpRequest, debate_id: UUID, kind: str, payload: CardVoteIn) -> Any:
    debate = selectors.debate_for_voting(actor=request.user, public_id=debate_id)
    if not payload.token:
        raise PermissionDenied("Send the token your device got when it joined with a card.")
    choice = services.vote_cast(
        actor=request.user, debate=debate, kind=kind, choice=payload.choice, token=payload.token
    )
    return {"round": kind, "choice": choice}


@router.put(
    "/feedback/forms/{form_id}/card-response",
    response={200: ResponseOut, **errors(403, 409)},
    auth=None,
    summary="Answer the form, or change the answers, from a device that joined with a card",
)
def card_response(request: HttpRequest, form_id: UUID, payload: CardResponseIn) -> Any:
    form = selectors.form_for_card_holder(public_id=form_id, token=payload.token)
    if form is None:
        raise PermissionDenied("This device has not joined with a card for this form.")
    services.response_submit_with_card(
        actor=request.user, form=form, token=payload.token, answers=payload.answers
    )
    own = selectors.own_answers_with_card(form=form, token=payload.token) or {}
    return {"answered": True, "editable": True, "answers": own}
