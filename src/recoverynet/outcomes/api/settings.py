"""The settings pages' operations over HTTP: loading an organisation's licensed wording, its
signposting messages, and a person sharing their own scores with a member of staff."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from .collections import _instrument
from .responses import own_score_out
from .router import router
from .schemas import (
    SharedScoresOut,
    ShareIn,
    ShareOut,
    SignpostIn,
    SignpostOut,
    WordingIn,
    WordingOut,
)


@router.post(
    "/organisations/{slug}/outcomes/wording",
    response={201: WordingOut},
    auth=api_auth,
    summary="Load (or replace) the organisation's licensed wording for an instrument "
    "(licence_confirmed must be true)",
)
def wording_load(request: HttpRequest, slug: str, payload: WordingIn) -> Any:
    organisation = network_selectors.organisation_public(slug)
    if not access.can_plan(request.user, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    instrument = _instrument(request.user, payload.instrument, "instrument")
    wording = services.wording_load(
        actor=request.user,
        instrument=instrument,
        organisation=organisation,
        licence_type=payload.licence_type,
        licence_reference=payload.licence_reference,
        licence_expires=payload.licence_expires,
        licence_confirmed=payload.licence_confirmed,
        items="\n".join(payload.items),
        labels="\n".join(payload.labels),
        introduction=payload.introduction,
    )
    return Status(
        201,
        {
            "instrument": instrument.code,
            "version": instrument.version,
            "introduction": wording.introduction,
            "items": wording.items,
            "labels": wording.labels,
            "placeholder": wording.placeholder,
            "licence_type": wording.licence_type,
            "licence_expires": wording.licence_expires,
        },
    )


def _planner_organisation(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    if not access.can_plan(request.user, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    return organisation


@router.get(
    "/organisations/{slug}/outcomes/signposts",
    response=list[SignpostOut],
    auth=api_auth,
    summary="The organisation's signposting messages (its planners)",
)
def signpost_list(request: HttpRequest, slug: str) -> Any:
    organisation = _planner_organisation(request, slug)
    return [
        {"instrument": s.instrument_code, "item": s.item, "values": s.values, "message": s.message}
        for s in selectors.signposts_for(organisation=organisation)
    ]


@router.put(
    "/organisations/{slug}/outcomes/signposts",
    response=SignpostOut,
    auth=api_auth,
    summary="Set the message shown when a question is answered in a given way",
)
def signpost_set(request: HttpRequest, slug: str, payload: SignpostIn) -> Any:
    organisation = _planner_organisation(request, slug)
    instrument = _instrument(request.user, payload.instrument, "instrument")
    signpost = services.signpost_set(
        actor=request.user,
        organisation=organisation,
        instrument=instrument,
        item=payload.item,
        values=payload.values,
        message=payload.message,
    )
    return {
        "instrument": signpost.instrument_code,
        "item": signpost.item,
        "values": signpost.values,
        "message": signpost.message,
    }


@router.get(
    "/me/outcomes/shares",
    response=list[ShareOut],
    auth=api_auth,
    summary="Who you let see your own scores",
)
def share_list(request: HttpRequest) -> Any:
    return [
        {"id": s.pk, "organisation": s.organisation.slug, "viewer": s.viewer.email}
        for s in selectors.my_shares(actor=request.user)
    ]


@router.post(
    "/me/outcomes/shares",
    response={201: ShareOut, **errors(409)},
    auth=api_auth,
    summary="Let a member of an organisation's staff see your own scores from its collections",
)
def share_start(request: HttpRequest, payload: ShareIn) -> Any:
    organisations = {o.slug: o for o in selectors.share_organisations(actor=request.user)}
    organisation = organisations.get(payload.organisation)
    if organisation is None:
        raise ApplicationError(
            "invalid",
            "Choose an organisation whose questionnaires you have been asked to answer.",
            field="organisation",
            status=422,
        )
    if not payload.email:
        raise ApplicationError(
            "invalid",
            "Enter the e-mail address of the person to share with.",
            field="email",
            status=422,
        )
    share = services.share_start(actor=request.user, organisation=organisation, email=payload.email)
    return Status(
        201, {"id": share.pk, "organisation": organisation.slug, "viewer": share.viewer.email}
    )


@router.delete(
    "/me/outcomes/shares/{share_id}",
    response={204: None},
    auth=api_auth,
    summary="Stop sharing your scores with them",
)
def share_stop(request: HttpRequest, share_id: int) -> Any:
    services.share_stop(actor=request.user, share_id=share_id)
    return Status(204, None)


@router.get(
    "/me/outcomes/shared-with-me",
    response=list[SharedScoresOut],
    auth=api_auth,
    summary="Scores people chose to share with you (while you are on that organisation's staff)",
)
def shared_with_me(request: HttpRequest) -> Any:
    return [
        {
            "share_id": s.share_id,
            "name": s.name,
            "organisation": s.organisation,
            "scores": [own_score_out(r) for r in s.scores],
        }
        for s in selectors.shared_with_me(actor=request.user)
    ]
