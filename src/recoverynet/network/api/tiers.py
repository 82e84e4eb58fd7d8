"""A network's membership tiers, with their annual fee, for its coordinators. The fee is the same
value billing invoices (`MembershipTier.annual_fee`), set through the same rule
(`renewals.clean_annual_fee`): `PUT /networks/{slug}/tiers/{id}/fee` (billing) sets only the fee."""

from __future__ import annotations

from decimal import Decimal

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Name

from .. import selectors, services
from .routing import router
from .schemas import TierOut

FEE = "Before tax, in the network's currency; null for no fee."
CURRENCY = "Optional: if given, it must be the network's currency (fees are only in that)."


class TierIn(Schema):
    name: Name = Field(max_length=80)
    member_rates: bool = True
    description: str = Field("", max_length=500)
    annual_fee: Decimal | None = Field(None, description=FEE)
    currency: str | None = Field(None, max_length=3, description=CURRENCY)


class TierPatch(PatchSchema):
    nullable = frozenset({"annual_fee"})  # null clears the fee

    name: Name | None = Field(None, max_length=80)
    member_rates: bool | None = None
    description: str | None = Field(None, max_length=500)
    annual_fee: Decimal | None = Field(None, description=FEE)
    currency: str | None = Field(None, max_length=3, description=CURRENCY)


@router.post(
    "/networks/{slug}/tiers",
    response={201: TierOut, **errors(400)},
    auth=api_auth,
    summary="Add a membership tier, with its annual fee (coordinators)",
    operation_id="recoverynet_network_api_tier_create",
)
def tier_create(request: HttpRequest, slug: str, payload: TierIn) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    tier = services.tier_create(actor=request.user, network=network, **payload.dict())
    return Status(201, tier)


@router.patch(
    "/networks/{slug}/tiers/{tier_id}",
    response={200: TierOut, **errors(400)},
    auth=api_auth,
    summary="Change a membership tier: name, member rates, description, annual fee (coordinators)",
    operation_id="recoverynet_network_api_tier_update",
)
def tier_update(request: HttpRequest, slug: str, tier_id: int, payload: TierPatch) -> object:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    tier = selectors.tier_get(actor=request.user, network=network, tier_id=tier_id)
    sent = payload.dict(exclude_unset=True)
    values = {
        "name": tier.name,
        "member_rates": tier.member_rates,
        "description": tier.description,
        "annual_fee": tier.annual_fee,
        **sent,
    }
    return services.tier_update(actor=request.user, tier=tier, **values)
