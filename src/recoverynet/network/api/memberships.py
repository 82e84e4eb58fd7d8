"""The network team's reads and writes: a network's settings and its memberships."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import PageNumber, errors

from .. import selectors, services
from ..models import (
    MembershipStatus,
    MembershipTier,
)
from .routing import router
from .schemas import (
    MembershipEndIn,
    MembershipIn,
    MembershipOut,
    NetworkPatch,
    NetworkSettingsOut,
)

# --- Team reads and writes -----------------------------------------------------------------------------


@router.get(
    "/networks/{slug}/settings",
    response=NetworkSettingsOut,
    auth=api_auth,
    summary="A network's settings, with its invoice details (coordinators)",
    operation_id="recoverynet_network_api_network_settings",
)
def network_settings(request: HttpRequest, slug: str) -> object:
    return selectors.network_settings_get(actor=request.user, slug=slug)


@router.patch(
    "/networks/{slug}",
    response={200: NetworkSettingsOut, **errors(400)},
    auth=api_auth,
    summary="Change a network's settings",
    operation_id="recoverynet_network_api_network_update",
)
def network_update(request: HttpRequest, slug: str, payload: NetworkPatch) -> object:
    network = selectors.network_get(slug)
    services.network_update(
        actor=request.user, network=network, **payload.model_dump(exclude_unset=True)
    )
    return selectors.network_get(slug, member_count=True)


@router.get(
    "/networks/{slug}/memberships",
    response=list[MembershipOut],
    auth=api_auth,
    summary="All memberships of a network, any status (network team)",
    operation_id="recoverynet_network_api_network_memberships",
)
@paginate(PageNumber)
def network_memberships(request: HttpRequest, slug: str, status: str = "") -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    if status and status not in MembershipStatus.values:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid",
            f"status must be one of {', '.join(MembershipStatus.values)}.",
            field="status",
            status=422,
        )
    return selectors.network_memberships(actor=request.user, network=network, status=status)


def _tier(network_id: int, slug: str) -> MembershipTier:
    tier = selectors.tier_in_network(network_id=network_id, slug=slug)
    if tier is None:
        from recoverynet.core.errors import ApplicationError

        raise ApplicationError(
            "invalid", "No tier with that slug in this network.", field="tier", status=422
        )
    return tier


@router.post(
    "/networks/{slug}/memberships",
    response={201: MembershipOut, **errors(400, 409)},
    auth=api_auth,
    summary="Add a membership (coordinator)",
    operation_id="recoverynet_network_api_membership_create",
)
def membership_create(request: HttpRequest, slug: str, payload: MembershipIn) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    organisation = selectors.organisation_public(payload.organisation)
    membership = services.membership_create(
        actor=request.user,
        organisation=organisation,
        network=network,
        tier=_tier(network.pk, payload.tier),
        valid_from=payload.valid_from,
        valid_to=payload.valid_to,
        notes=payload.notes,
    )
    return Status(201, membership)


@router.post(
    "/memberships/{membership_id}/end",
    response={200: MembershipOut, **errors(400, 409)},
    auth=api_auth,
    summary="End a membership (coordinator)",
    operation_id="recoverynet_network_api_membership_end",
)
def membership_end(request: HttpRequest, membership_id: int, payload: MembershipEndIn) -> object:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    return services.membership_end(
        actor=request.user, membership=membership, end_date=payload.end_date, status=payload.status
    )
