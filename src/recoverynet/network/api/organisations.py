"""Creating and changing organisations and their people."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import NotFound

from .. import selectors, services
from ..models import (
    Network,
    Organisation,
)
from .routing import router
from .schemas import (
    AddPersonOut,
    OrganisationIn,
    OrganisationOut,
    OrganisationPatch,
    PersonIn,
    PersonOut,
)


def _parent(slug: str | None) -> Organisation | None:
    if not slug:
        return None
    try:
        return selectors.organisation_public(slug)
    except NotFound:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No organisation with that slug.", field="parent", status=422
        ) from None


@router.post(
    "/organisations",
    response={201: OrganisationOut, **errors(400)},
    auth=api_auth,
    summary="Add an organisation (coordinator)",
    operation_id="recoverynet_network_api_organisation_create",
)
def organisation_create(request: HttpRequest, payload: OrganisationIn) -> object:
    data = payload.model_dump()
    data["website"] = str(data["website"]) if data.get("website") else ""
    data["parent"] = _parent(payload.parent)
    data["network"] = _adding_network(payload.network)
    return Status(201, services.organisation_create(actor=request.user, **data))


def _adding_network(slug: str | None) -> Network | None:
    if not slug:
        return None
    try:
        return selectors.network_get(slug)
    except NotFound:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No network with that slug.", field="network", status=422
        ) from None


@router.patch(
    "/organisations/{slug}",
    response={200: OrganisationOut, **errors(400)},
    auth=api_auth,
    summary="Change an organisation (coordinator)",
    operation_id="recoverynet_network_api_organisation_update",
)
def organisation_update(request: HttpRequest, slug: str, payload: OrganisationPatch) -> object:
    organisation = selectors.organisation_public(slug)
    data = payload.model_dump(exclude_unset=True)
    if "website" in data:
        data["website"] = str(data["website"]) if data["website"] else ""
    if "parent" in data:
        data["parent"] = _parent(data["parent"])
    return services.organisation_update(actor=request.user, organisation=organisation, **data)


@router.get(
    "/organisations/{slug}/people",
    response=list[PersonOut],
    auth=api_auth,
    summary="People affiliated with an organisation (recovery lead, network team)",
    operation_id="recoverynet_network_api_organisation_people",
)
def organisation_people(request: HttpRequest, slug: str) -> object:
    organisation = selectors.organisation_public(slug)
    return selectors.organisation_people(actor=request.user, organisation=organisation)


@router.post(
    "/organisations/{slug}/people",
    response={201: AddPersonOut, 202: AddPersonOut, **errors(400)},
    auth=api_auth,
    summary="Add a person, or invite them if they have no account (recovery lead, coordinator)",
    operation_id="recoverynet_network_api_organisation_person_add",
)
def organisation_person_add(request: HttpRequest, slug: str, payload: PersonIn) -> object:
    organisation = selectors.organisation_public(slug)
    result = services.affiliation_add(
        actor=request.user, organisation=organisation, email=payload.email, role=payload.role
    )
    if result.invitation:
        return Status(202, {"outcome": "invited", "person": None})
    return Status(201, {"outcome": "added", "person": result.affiliation})


@router.delete(
    "/organisations/{slug}/people/{affiliation_id}",
    response={204: None, **errors(400)},
    auth=api_auth,
    summary="Remove a person from an organisation",
    operation_id="recoverynet_network_api_organisation_person_remove",
)
def organisation_person_remove(request: HttpRequest, slug: str, affiliation_id: int) -> object:
    organisation = selectors.organisation_public(slug)
    affiliation = selectors.affiliation_get(
        actor=request.user, organisation=organisation, affiliation_id=affiliation_id
    )
    services.affiliation_remove(actor=request.user, affiliation=affiliation)
    return Status(204, None)
