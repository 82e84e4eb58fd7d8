"""Membership fees over HTTP: tiers' fees, raising a year's invoices, a run's progress."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import NotFound
from recoverynet.network import renewals
from recoverynet.network import selectors as network_selectors

from . import selectors, services

router = Router(tags=["billing"])


class FeeRunOut(Schema):
    id: int
    year: int
    status: str = Field(description="queued, running or done.")
    total: int = Field(description="Memberships with a fee to bill.")
    done: int = Field(description="Memberships dealt with so far.")
    invoiced: int = Field(description="Invoices raised by this run (already invoiced: skipped).")
    created_at: datetime.datetime
    finished_at: datetime.datetime | None


class FeeRunIn(Schema):
    year: int


class TierFeeIn(Schema):
    annual_fee: Decimal | None = Field(
        description="Before tax, in the network's currency; null for no fee."
    )


class TierFeeOut(Schema):
    id: int
    name: str
    annual_fee: Decimal | None


@router.get(
    "/networks/{slug}/membership-fees",
    response=list[FeeRunOut],
    auth=api_auth,
    summary="Runs that raised membership invoices (network organisers)",
)
def fee_runs(request: HttpRequest, slug: str) -> Any:
    network = network_selectors.network_get(slug)
    return list(selectors.membership_fee_runs(actor=request.user, network=network)[:50])


@router.post(
    "/networks/{slug}/membership-fees",
    response={202: FeeRunOut, **errors(409)},
    auth=api_auth,
    summary="Raise a year's membership invoices in the background (coordinators); "
    "running it again never bills a membership twice",
)
def fee_run_start(request: HttpRequest, slug: str, payload: FeeRunIn) -> Any:
    network = network_selectors.network_get(slug)
    run = services.membership_fee_run_start(actor=request.user, network=network, year=payload.year)
    run.refresh_from_db()
    return Status(202, run)


@router.get(
    "/networks/{slug}/membership-fees/{run_id}",
    response=FeeRunOut,
    auth=api_auth,
    summary="A run's progress (network organisers)",
)
def fee_run(request: HttpRequest, slug: str, run_id: int) -> Any:
    network = network_selectors.network_get(slug)
    return selectors.membership_fee_run_get(actor=request.user, network=network, run_id=run_id)


@router.put(
    "/networks/{slug}/tiers/{tier_id}/fee",
    response=TierFeeOut,
    auth=api_auth,
    summary="Set a tier's annual membership fee (coordinators)",
)
def tier_fee(request: HttpRequest, slug: str, tier_id: int, payload: TierFeeIn) -> Any:
    network = network_selectors.network_get(slug)
    tier = selectors.fee_tiers(actor=request.user, network=network).filter(pk=tier_id).first()
    if tier is None:
        raise NotFound("We could not find that tier.")
    return renewals.tier_fee_set(actor=request.user, tier=tier, annual_fee=payload.annual_fee)
