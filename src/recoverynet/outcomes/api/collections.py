"""Collections: plan, read with response rates, who still has a questionnaire due (names only),
send links (results: `results.py`)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from ..models import Collection
from .router import router
from .schemas import CollectionIn, CollectionOut, DueOut, SentOut


def _instrument(actor: Any, ref: str, field: str) -> Any:
    code, _, version = ref.partition(":")
    if not version.isdigit():
        raise ApplicationError(
            "invalid", "Give instruments as code:version, e.g. swemwbs:1.", field=field, status=422
        )
    try:
        return selectors.instrument_get(actor=actor, code=code, version=int(version))
    except NotFound as exc:
        raise ApplicationError(
            "invalid", f"There is no instrument {ref}.", field=field, status=422
        ) from exc


def collection_out(
    request: HttpRequest,
    collection: Collection,
    rates: list[selectors.TimepointRate] | None = None,
) -> dict[str, Any]:
    if rates is None:
        rates = selectors.follow_up_rates(actor=request.user, collection=collection)
    return {
        "id": collection.public_id,
        "organisation": collection.organisation.slug,
        "title": collection.title,
        "source": collection.source_label,
        "instruments": [f"{i.code}:{i.version}" for i in collection.instruments.all()],
        "retain_until": collection.retain_until,
        "linkage_destroyed": collection.key_destroyed_at is not None,
        "send_automatically": collection.send_automatically,
        "add_joiners": collection.add_joiners,
        "pool": collection.pool_key or None,
        "timepoints": [
            {
                "position": r.timepoint.position,
                "kind": r.timepoint.kind,
                "due_from": r.timepoint.due_from,
                "closes": r.closes,
                "stopped_on": r.timepoint.stopped_on,
                "asked": r.asked,
                "answered": r.answered,
            }
            for r in rates
        ],
    }


@router.get(
    "/organisations/{slug}/outcomes/collections",
    response=list[CollectionOut],
    auth=api_auth,
    summary="An organisation's collections with response rates",
)
@private_read(*access.PAGE_APPS)
def collection_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    found = list(
        selectors.collections_for_organisation(actor=request.user, organisation=organisation)
    )
    for collection in found:  # the one organisation, already read
        collection.organisation = organisation
    rates = selectors.follow_up_rates_of(actor=request.user, collections=found)
    return [collection_out(request, c, rates[c.pk]) for c in found]


@router.post(
    "/organisations/{slug}/outcomes/collections",
    response={201: CollectionOut},
    auth=api_auth,
    summary="Plan a collection",
)
def collection_create(request: HttpRequest, slug: str, payload: CollectionIn) -> Any:
    organisation = network_selectors.organisation_public(slug)
    kind, _, ref = payload.source.partition(":")
    collection = services.collection_create(
        actor=request.user,
        organisation=organisation,
        title=payload.title,
        instruments=[_instrument(request.user, i, "instruments") for i in payload.instruments],
        source_kind=kind,
        source_ref=ref,
        timepoints=[
            services.TimepointPlan(t.kind, t.due_from, t.within_days) for t in payload.timepoints
        ],
        retain_until=payload.retain_until,
        reminder_days=payload.reminder_days,
        max_reminders=payload.max_reminders,
        send_automatically=payload.send_automatically,
        add_joiners=payload.add_joiners,
    )
    found = selectors.collection_get(
        actor=request.user, public_id=collection.public_id, need="follow_up"
    )
    return Status(201, collection_out(request, found))


@router.get(
    "/outcomes/collections/{collection_id}",
    response=CollectionOut,
    auth=api_auth,
    summary="A collection with its response rates",
)
@private_read(*access.PAGE_APPS)
def collection_detail(request: HttpRequest, collection_id: UUID) -> Any:
    collection = selectors.collection_get(
        actor=request.user, public_id=collection_id, need="follow_up"
    )
    return collection_out(request, collection)


@router.get(
    "/outcomes/collections/{collection_id}/due",
    response=list[DueOut],
    auth=api_auth,
    summary="Who still has a questionnaire due (names only, never answers)",
)
def collection_due(request: HttpRequest, collection_id: UUID) -> Any:
    collection = selectors.collection_get(
        actor=request.user, public_id=collection_id, need="follow_up"
    )
    return [
        {"timepoint": r.timepoint.kind, "names": r.due}
        for r in selectors.follow_up_rates(actor=request.user, collection=collection)
    ]


@router.post(
    "/outcomes/collections/{collection_id}/timepoints/{position}/invitations",
    response={200: SentOut, **errors(409)},
    auth=api_auth,
    summary="Send single-use links to everyone who has not answered this timepoint",
)
def invitations_send(request: HttpRequest, collection_id: UUID, position: int) -> Any:
    collection = selectors.collection_get(actor=request.user, public_id=collection_id, need="plan")
    timepoint = next((t for t in collection.timepoints.all() if t.position == position), None)
    if timepoint is None:
        raise NotFound("We could not find that timepoint.")
    sent = services.invitations_send(actor=request.user, collection=collection, timepoint=timepoint)
    return {"sent": sent}
