"""The network team and an organisation's history."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors

from .. import selectors, services
from .routing import router
from .schemas import (
    AuditOut,
    TeamAddOut,
    TeamIn,
    TeamMemberOut,
)


@router.get(
    "/networks/{slug}/team",
    response=list[TeamMemberOut],
    auth=api_auth,
    summary="A network's team",
    operation_id="recoverynet_network_api_network_team",
)
def network_team(request: HttpRequest, slug: str) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    return selectors.network_team(actor=request.user, network=network)


@router.post(
    "/networks/{slug}/team",
    response={201: TeamAddOut, 202: TeamAddOut, **errors(400)},
    auth=api_auth,
    summary="Add someone to a network's team, or invite them (coordinator)",
    operation_id="recoverynet_network_api_network_team_add",
)
def network_team_add(request: HttpRequest, slug: str, payload: TeamIn) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    result = services.network_role_grant(
        actor=request.user, network=network, email=payload.email, role=payload.role
    )
    if isinstance(result, services.Invitation):
        return Status(202, {"outcome": "invited"})
    return Status(201, {"outcome": "added"})


@router.get(
    "/organisations/{slug}/history",
    response=list[AuditOut],
    auth=api_auth,
    summary="Audit history of an organisation, its memberships and people (network team)",
    operation_id="recoverynet_network_api_organisation_history",
)
def organisation_history(request: HttpRequest, slug: str) -> object:
    organisation = selectors.organisation_public(slug)
    return selectors.audit_for_organisation(actor=request.user, organisation=organisation)
