"""Memberships of a network: starting, changing tier, ending."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.domain_events import emit
from recoverynet.core.errors import ApplicationError

from .. import access
from ..domain_events import MEMBERSHIP_STARTED
from ..models import (
    Membership,
    MembershipStatus,
    MembershipTier,
    Network,
    Organisation,
)
from .common import _check_day, _require

# --- Memberships ----------------------------------------------------------------------------------


@transaction.atomic
def membership_create(
    *,
    actor: Actor,
    organisation: Organisation,
    network: Network,
    tier: MembershipTier,
    valid_from: datetime.date,
    valid_to: datetime.date | None = None,
    notes: str = "",
) -> Membership:
    _require(access.can_manage_network(actor, network.pk))
    if tier.network_id != network.pk:
        raise ApplicationError("invalid", "Choose a tier of this network.", field="tier")
    _check_day(valid_from, network, "valid_from", "The start date")
    _check_day(valid_to, network, "valid_to", "The end date")
    if valid_to is not None and valid_to < valid_from:
        raise ApplicationError(
            "invalid", "The end date must be the same as or after the start date.", field="valid_to"
        )
    # Lock the organisation so two coordinators adding the same membership at once get a clear
    # message instead of a database error; the unique constraint is the final guard.
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if Membership.objects.filter(
        organisation=organisation, network=network, status=MembershipStatus.ACTIVE
    ).exists():
        raise ApplicationError(
            "duplicate",
            f"{organisation.name} already has a current membership of {network.name}. "
            "End it before adding a new one.",
            status=409,
        )
    try:
        with transaction.atomic():
            membership = Membership.objects.create(
                organisation=organisation,
                network=network,
                tier=tier,
                valid_from=valid_from,
                valid_to=valid_to,
                notes=notes,
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "duplicate",
            f"{organisation.name} already has a current membership of {network.name}.",
            status=409,
        ) from exc
    audit.record(
        actor=actor,
        action="network.membership.created",
        obj=membership,
        changes={
            "tier": tier.name,
            "valid_from": valid_from.isoformat(),
            "valid_to": valid_to.isoformat() if valid_to else None,
        },
    )
    emit(
        MEMBERSHIP_STARTED.name,
        network_slug=network.slug,
        data={
            "membership_id": membership.pk,
            "organisation_id": organisation.pk,
            "tier": tier.slug,
            "starts_on": valid_from.isoformat(),
            "ends_on": valid_to.isoformat() if valid_to else None,
        },
    )
    return membership


@transaction.atomic
def membership_change_tier(
    *, actor: Actor, membership: Membership, tier: MembershipTier
) -> Membership:
    _require(access.can_manage_network(actor, membership.network_id))
    if tier.network_id != membership.network_id:
        raise ApplicationError("invalid", "Choose a tier of this network.", field="tier")
    old = membership.tier.name
    membership.tier = tier
    membership.save(update_fields=["tier", "updated_at"])
    audit.record(
        actor=actor,
        action="network.membership.tier_changed",
        obj=membership,
        changes={"tier": [old, tier.name]},
    )
    return membership


@transaction.atomic
def membership_end(
    *,
    actor: Actor,
    membership: Membership,
    end_date: datetime.date,
    status: str = MembershipStatus.ENDED,
) -> Membership:
    _require(access.can_manage_network(actor, membership.network_id))
    if status not in {MembershipStatus.ENDED, MembershipStatus.LAPSED}:
        raise ApplicationError("invalid", "Choose ended or lapsed.", field="status")
    membership = Membership.objects.select_for_update().get(pk=membership.pk)
    if membership.status != MembershipStatus.ACTIVE:
        raise ApplicationError("not_allowed", "This membership has already ended.", status=409)
    _check_day(end_date, membership.network, "end_date", "The last day of membership")
    if end_date < membership.valid_from:
        raise ApplicationError(
            "invalid", "The end date must be on or after the start date.", field="end_date"
        )
    membership.status = status
    membership.valid_to = end_date
    membership.save(update_fields=["status", "valid_to", "updated_at"])
    audit.record(
        actor=actor,
        action=f"network.membership.{status}",
        obj=membership,
        changes={"status": ["active", status], "valid_to": end_date.isoformat()},
    )
    return membership
