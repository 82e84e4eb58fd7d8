"""Networks: creating and changing them, their tax rates, tiers and participants."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.db import transaction
from django.utils.text import slugify

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_name, clean_text

from .. import access, renewals
from ..models import (
    Currency,
    MembershipTier,
    Network,
    Participant,
    TaxRate,
)
from .common import _check_day, _require, _unique_slug

# Words used in /manage/<word>/ URLs, so no network may take them as its slug.
RESERVED_NETWORK_SLUGS = frozenset(
    {"networks", "organisations", "memberships", "people", "events", "invoices"}
)
NETWORK_FIELDS = (
    "name",
    "short_name",
    "description",
    "currency",
    "tax_name",
    "time_zone",
    "default_language",
    "self_registration",
    "contact_email",
    "supplier_name",
    "supplier_address",
    "tax_number",
    "payment_instructions",
    "payment_terms_days",
)


def _check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ApplicationError(
            "invalid",
            f"{name!r} is not a time zone we know, e.g. Europe/London.",
            field="time_zone",
        ) from exc


# --- Networks -------------------------------------------------------------------------------------


@transaction.atomic
def network_create(
    *,
    actor: Actor,
    name: str,
    currency: str,
    tax_name: str,
    tax_rate: Decimal,
    time_zone: str,
    slug: str = "",
    **details: Any,
) -> Network:
    _require(access.is_admin(actor), "Only an administrator can create a network.")
    _check_time_zone(time_zone)
    name = clean_name(name, field="name", max_length=150)
    if currency not in Currency.values:
        raise ApplicationError("invalid", "Choose a currency we support.", field="currency")
    if Network.objects.filter(name__iexact=name).exists():
        raise ApplicationError(
            "duplicate", "A network with that name already exists.", field="name"
        )
    slug = slug or _unique_slug(Network, name, max_length=60)
    if slug in RESERVED_NETWORK_SLUGS:
        slug = _unique_slug(Network, f"{slug}-network", max_length=60)
    network = Network.objects.create(
        name=name,
        slug=slug,
        currency=currency,
        tax_name=tax_name,
        time_zone=time_zone,
        **details,
    )
    TaxRate.objects.create(network=network, rate=tax_rate, valid_from=datetime.date(2000, 1, 1))
    audit.record(
        actor=actor,
        action="network.network.created",
        obj=network,
        changes={"name": network.name, "currency": currency, "tax_rate": str(tax_rate)},
    )
    data = {"network_id": network.pk, "network_slug": network.slug}
    domain_events.emit("network.created", network_slug=network.slug, data=data)
    return network


@transaction.atomic
def network_update(*, actor: Actor, network: Network, **values: Any) -> Network:
    _require(access.can_manage_network(actor, network.pk))
    unknown = set(values) - set(NETWORK_FIELDS)
    if unknown:
        raise ValueError(f"Not network fields: {sorted(unknown)}")
    for key, limit in (("name", 150), ("tax_name", 20)):
        if key in values:
            values[key] = clean_name(values[key], field=key, max_length=limit)
    if "short_name" in values:
        values["short_name"] = clean_text(
            values["short_name"], field="short_name", max_length=40, single_line=True
        )
    # What goes on invoices: one-line name and number, never cut (a line break would split them).
    for key, limit, one_line in (
        ("supplier_name", 200, True),
        ("tax_number", 40, True),
        ("supplier_address", 500, False),
        ("payment_instructions", 1000, False),
    ):
        if key in values:
            values[key] = clean_text(values[key], field=key, max_length=limit, single_line=one_line)
    if "time_zone" in values:
        _check_time_zone(values["time_zone"])
    if "currency" in values and values["currency"] != network.currency:
        # Prices, invoices and credit notes already issued are in the old currency.
        raise ApplicationError(
            "not_allowed",
            "A network's currency cannot be changed once it exists.",
            field="currency",
        )
    before = audit.snapshot(network, values)
    for key, value in values.items():
        setattr(network, key, value)
    # Only the fields asked for: the instance may be the cached copy (network.reference), and a
    # change someone else made to another field meanwhile must not be written back over.
    network.save(update_fields=[*values, "updated_at"])
    changes = audit.diff(network, before, values)
    if changes:
        audit.record(actor=actor, action="network.network.updated", obj=network, changes=changes)
    return network


@transaction.atomic
def tax_rate_set(
    *, actor: Actor, network: Network, rate: Decimal, valid_from: datetime.date
) -> TaxRate:
    _require(access.can_manage_network(actor, network.pk))
    if rate < 0 or rate >= 1:
        raise ApplicationError(
            "invalid", "Enter a rate between 0 and 1 (0.20 for 20 %).", field="rate"
        )
    _check_day(valid_from, network, "valid_from", "The date the rate starts")
    tax_rate, _created = TaxRate.objects.update_or_create(
        network=network, valid_from=valid_from, defaults={"rate": rate}
    )
    audit.record(
        actor=actor,
        action="network.tax_rate.set",
        obj=network,
        changes={"rate": str(rate), "valid_from": valid_from.isoformat()},
    )
    return tax_rate


@transaction.atomic
def tier_create(
    *,
    actor: Actor,
    network: Network,
    name: str,
    member_rates: bool,
    description: str = "",
    order: int = 0,
    annual_fee: Decimal | None = None,
    currency: str | None = None,
) -> MembershipTier:
    """Add a tier, with its annual fee (None: no fee; checked by `renewals.clean_annual_fee`)."""
    _require(access.can_manage_network(actor, network.pk))
    annual_fee = renewals.clean_annual_fee(annual_fee, network=network, currency=currency)
    description = clean_text(description, field="description", max_length=500)
    name = clean_name(name, field="name", max_length=80)
    slug = slugify(name)[:60]
    if not slug:
        raise ApplicationError("invalid", "Enter a name for the tier.", field="name")
    if MembershipTier.objects.filter(network=network, slug=slug).exists():
        raise ApplicationError(
            "duplicate", "This network already has a tier with that name.", field="name"
        )
    tier = MembershipTier.objects.create(
        network=network,
        name=name,
        slug=slug,
        member_rates=member_rates,
        description=description,
        order=order,
        annual_fee=annual_fee,
    )
    audit.record(
        actor=actor,
        action="network.tier.created",
        obj=tier,
        changes={"name": tier.name, "annual_fee": str(annual_fee), "currency": network.currency},
    )
    return tier


@transaction.atomic
def tier_update(
    *,
    actor: Actor,
    tier: MembershipTier,
    name: str,
    member_rates: bool,
    description: str = "",
    annual_fee: Decimal | None = None,
    currency: str | None = None,
) -> MembershipTier:
    """Change a tier: its name, member rates, description and annual fee. The fee goes through
    `renewals.tier_fee_set` (the one place a fee is set and audited)."""
    _require(access.can_manage_network(actor, tier.network_id))
    network = tier.network
    renewals.clean_annual_fee(annual_fee, network=network, currency=currency)
    name = clean_name(name, field="name", max_length=80)
    description = clean_text(description, field="description", max_length=500)
    slug = slugify(name)[:60]
    if not slug:
        raise ApplicationError("invalid", "Enter a name for the tier.", field="name")
    if MembershipTier.objects.filter(network=network, slug=slug).exclude(pk=tier.pk).exists():
        raise ApplicationError(
            "duplicate", "This network already has a tier with that name.", field="name"
        )
    before = {"name": tier.name, "member_rates": tier.member_rates, "description": tier.description}
    after = {"name": name, "member_rates": member_rates, "description": description}
    changes = {key: [before[key], value] for key, value in after.items() if before[key] != value}
    if changes:
        # The slug stays: it is the tier's id in the API and in links that others keep.
        tier.name, tier.member_rates, tier.description = name, member_rates, description
        tier.save(update_fields=["name", "member_rates", "description", "updated_at"])
        audit.record(actor=actor, action="network.tier.updated", obj=tier, changes=changes)
    return renewals.tier_fee_set(actor=actor, tier=tier, annual_fee=annual_fee, currency=currency)


def participant_join(*, user: User, network: Network, via: str) -> Participant:
    participant, created = Participant.objects.get_or_create(
        user=user, network=network, defaults={"joined_via": via}
    )
    if created:
        audit.record(
            actor=user, action="network.participant.joined", obj=participant, changes={"via": via}
        )
    return participant
