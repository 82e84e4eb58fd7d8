"""Membership fees on tiers, and memberships that lapse because their fee was not paid (billing's
renewal job calls `membership_lapse`)."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.money import round_money

from . import access
from .domain_events import MEMBERSHIP_LAPSED
from .models import Membership, MembershipStatus, MembershipTier, Network


@transaction.atomic
def membership_lapse(
    *, actor: Actor | None, membership: Membership, ended_on: datetime.date, reason: str
) -> Membership | None:
    """End an active membership as lapsed (the system, when its invoice is unpaid after the terms).
    None if it is no longer active: running twice never lapses twice."""
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.ACTIVE:
        return None
    ended_on = max(ended_on, membership.valid_from)
    membership.status = MembershipStatus.LAPSED
    membership.valid_to = ended_on
    membership.save(update_fields=["status", "valid_to", "updated_at"])
    audit.record(
        actor=actor,
        action="network.membership.lapsed",
        obj=membership,
        changes={"status": ["active", "lapsed"], "valid_to": ended_on.isoformat(), "why": reason},
    )
    domain_events.emit(
        MEMBERSHIP_LAPSED.name,
        network_slug=membership.network.slug,
        data={
            "membership_id": membership.pk,
            "organisation_id": membership.organisation_id,
            "ended_on": ended_on.isoformat(),
        },
    )
    return membership


MAX_FEE = Decimal("100000000")


def clean_annual_fee(
    annual_fee: Decimal | None, *, network: Network, currency: str | None = None
) -> Decimal | None:
    """The one rule for a tier's annual fee, wherever it is set (the network's tier pages and API,
    billing's fee pages and API): money of 0 or more, in the network's own currency, rounded
    half-up to its minor unit. None is no fee."""
    if currency is not None and currency.strip().upper() != network.currency:
        raise ApplicationError(
            "invalid",
            f"Fees in {network.name} are in {network.currency}.",
            field="currency",
            status=422,
        )
    if annual_fee is None:
        return None
    if not annual_fee.is_finite() or annual_fee < 0 or annual_fee >= MAX_FEE:
        raise ApplicationError(
            "invalid",
            "Enter a fee of 0 or more, less than 100,000,000.",
            field="annual_fee",
            status=422,
        )
    return round_money(annual_fee, network.currency)


@transaction.atomic
def tier_fee_set(
    *,
    actor: Actor,
    tier: MembershipTier,
    annual_fee: Decimal | None,
    currency: str | None = None,
) -> MembershipTier:
    """Set (or clear, with None) a tier's annual fee before tax, in the network's currency. Every
    change of a fee comes through here (also `services.tier_update`), so it is audited once, as
    `network.tier.fee_set`."""
    if not access.can_manage_network(actor, tier.network_id):
        raise PermissionDenied("Only a coordinator of this network can set membership fees.")
    annual_fee = clean_annual_fee(annual_fee, network=tier.network, currency=currency)
    before = tier.annual_fee
    if before == annual_fee:
        return tier
    tier.annual_fee = annual_fee
    tier.save(update_fields=["annual_fee", "updated_at"])
    audit.record(
        actor=actor,
        action="network.tier.fee_set",
        obj=tier,
        changes={
            "annual_fee": [str(before), str(annual_fee)],
            "currency": tier.network.currency,
        },
    )
    return tier
