"""Public reads: networks, their tiers, organisations and current memberships."""

from __future__ import annotations

from django.http import HttpRequest
from ninja.decorators import decorate_view
from ninja.pagination import paginate

from recoverynet.core.api import PageNumber
from recoverynet.core.page_cache import public_page

from .. import selectors
from .routing import router
from .schemas import (
    MembershipOut,
    NetworkOut,
    OrganisationOut,
    TierOut,
)

# --- Public reads ------------------------------------------------------------------------------------


@router.get(
    "/networks",
    response=list[NetworkOut],
    auth=None,
    summary="List networks",
    operation_id="recoverynet_network_api_network_list",
)
@paginate(PageNumber)
def network_list(request: HttpRequest) -> object:
    return selectors.network_list().prefetch_related("tax_rates")


@router.get(
    "/networks/{slug}",
    response=NetworkOut,
    auth=None,
    summary="One network",
    operation_id="recoverynet_network_api_network_detail",
)
def network_detail(request: HttpRequest, slug: str) -> object:
    return selectors.network_get(slug, member_count=True)


@router.get(
    "/networks/{slug}/tiers",
    response=list[TierOut],
    auth=None,
    summary="A network's membership tiers",
    operation_id="recoverynet_network_api_network_tiers",
)
def network_tiers(request: HttpRequest, slug: str) -> object:
    return selectors.network_get(slug).tiers.all()


@router.get(
    "/organisations",
    response=list[OrganisationOut],
    auth=None,
    summary="List organisations (public details)",
    operation_id="recoverynet_network_api_organisation_list",
)
@decorate_view(public_page("directory"))
@paginate(PageNumber)
def organisation_list(request: HttpRequest, network: str = "") -> object:
    return selectors.organisation_list_public(network_slug=network)


@router.get(
    "/organisations/{slug}",
    response=OrganisationOut,
    auth=None,
    summary="One organisation (public details)",
    operation_id="recoverynet_network_api_organisation_detail",
)
@decorate_view(public_page("directory"))
def organisation_detail(request: HttpRequest, slug: str) -> object:
    return selectors.organisation_public(slug)


@router.get(
    "/memberships",
    response=list[MembershipOut],
    auth=None,
    summary="Current memberships",
    operation_id="recoverynet_network_api_membership_list",
)
@paginate(PageNumber)
def membership_list(request: HttpRequest, network: str = "") -> object:
    return selectors.membership_list_public(network_slug=network)
