"""Every write to networks, organisations, memberships and roles.

Services take the acting person, check access, validate business rules, write inside one transaction,
audit each change and queue e-mail after commit.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from recoverynet.core import audit, dates, outbox
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_name, clean_text

from . import access
from .models import (
    Affiliation,
    AffiliationRole,
    Currency,
    Invitation,
    JoinedVia,
    Membership,
    MembershipStatus,
    MembershipTier,
    Network,
    NetworkRole,
    NetworkRoleKind,
    Organisation,
    Participant,
    TaxRate,
)

User = get_user_model()

INVITATION_LIFETIME = datetime.timedelta(days=14)
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
ORGANISATION_FIELDS = ("name", "kind", "country", "website", "description", "parent")


def _require(condition: bool, message: str = "You do not have permission to do that.") -> None:
    if not condition:
        raise PermissionDenied(message)


def _check_time_zone(name: str) -> None:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ApplicationError(
            "invalid",
            f"{name!r} is not a time zone we know, e.g. Europe/London.",
            field="time_zone",
        ) from exc


def _unique_slug(model: Any, base: str, *, max_length: int) -> str:
    root = slugify(base)[: max_length - 4] or "item"
    slug, n = root, 2
    while model.objects.filter(slug=slug).exists():
        slug, n = f"{root}-{n}", n + 1
    return slug


# --- Networks -------------------------------------------------------------------------------------


@transaction.atomic
def network_create(
    *,
    actor: Any,
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
    return network


@transaction.atomic
def network_update(*, actor: Any, network: Network, **values: Any) -> Network:
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
    network.save()
    changes = audit.diff(network, before, values)
    if changes:
        audit.record(actor=actor, action="network.network.updated", obj=network, changes=changes)
    return network


def _check_day(day: datetime.date | None, network: Network, field: str, label: str) -> None:
    """Refuse a date that makes no sense (year 206, or decades ahead) for rates and memberships."""
    latest = dates.latest_plausible(network.tz)
    dates.check_date(day, field=field, label=label, latest=latest, tz=network.tz)


@transaction.atomic
def tax_rate_set(
    *, actor: Any, network: Network, rate: Decimal, valid_from: datetime.date
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
    actor: Any,
    network: Network,
    name: str,
    member_rates: bool,
    description: str = "",
    order: int = 0,
) -> MembershipTier:
    _require(access.can_manage_network(actor, network.pk))
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
    )
    audit.record(actor=actor, action="network.tier.created", obj=tier, changes={"name": tier.name})
    return tier


def participant_join(*, user: Any, network: Network, via: str) -> Participant:
    participant, created = Participant.objects.get_or_create(
        user=user, network=network, defaults={"joined_via": via}
    )
    if created:
        audit.record(
            actor=user, action="network.participant.joined", obj=participant, changes={"via": via}
        )
    return participant


# --- Organisations --------------------------------------------------------------------------------


def _check_parent(organisation: Organisation | None, parent: Organisation | None) -> None:
    node = parent
    while node is not None:
        if organisation is not None and node.pk == organisation.pk:
            raise ApplicationError(
                "invalid", "An organisation cannot be part of itself.", field="parent"
            )
        node = node.parent


@transaction.atomic
def organisation_create(
    *,
    actor: Any,
    name: str,
    kind: str,
    country: str,
    website: str = "",
    description: str = "",
    parent: Organisation | None = None,
    slug: str = "",
    network: Network | None = None,
) -> Organisation:
    """Add an organisation. `network` is the network adding it (needed when the actor coordinates
    more than one); until it has a membership, only that network's coordinators manage it."""
    _require(access.is_any_coordinator(actor), "Only the network team can add organisations.")
    if network is not None:
        _require(
            access.can_manage_network(actor, network.pk),
            "You can only add organisations for a network you coordinate.",
        )
        added_by_id: int | None = network.pk
    else:
        coordinated = access.roles(actor).coordinator_network_ids()
        if len(coordinated) > 1 and not access.is_admin(actor):
            raise ApplicationError(
                "invalid",
                "Choose which network is adding this organisation.",
                field="network",
                status=422,
            )
        added_by_id = next(iter(coordinated)) if len(coordinated) == 1 else None
    name, country = (
        clean_name(name, field="name", max_length=200),
        clean_name(country, field="country", max_length=60),
    )
    if Organisation.objects.filter(name__iexact=name).exists():
        raise ApplicationError(
            "duplicate", "An organisation with that name already exists.", field="name"
        )
    organisation = Organisation.objects.create(
        name=name,
        slug=slug or _unique_slug(Organisation, name, max_length=80),
        kind=kind,
        country=country,
        website=website,
        description=description,
        parent=parent,
        added_by_network_id=added_by_id,
    )
    audit.record(
        actor=actor,
        action="network.organisation.created",
        obj=organisation,
        changes={
            "name": name,
            "kind": kind,
            "country": organisation.country,
            "added_by_network": added_by_id,
        },
    )
    return organisation


@transaction.atomic
def organisation_update(*, actor: Any, organisation: Organisation, **values: Any) -> Organisation:
    _require(access.can_manage_organisation(actor, organisation))
    unknown = set(values) - set(ORGANISATION_FIELDS)
    if unknown:
        raise ValueError(f"Not organisation fields: {sorted(unknown)}")
    if "parent" in values:
        _check_parent(organisation, values["parent"])
    for key, limit in (("name", 200), ("country", 60)):
        if key in values:
            values[key] = clean_name(values[key], field=key, max_length=limit)
    if "name" in values:
        clash = Organisation.objects.filter(name__iexact=values["name"]).exclude(pk=organisation.pk)
        if clash.exists():
            raise ApplicationError(
                "duplicate", "An organisation with that name already exists.", field="name"
            )
    before = audit.snapshot(organisation, values)
    for key, value in values.items():
        setattr(organisation, key, value)
    organisation.save()
    changes = audit.diff(organisation, before, values)
    if changes:
        audit.record(
            actor=actor, action="network.organisation.updated", obj=organisation, changes=changes
        )
    return organisation


# --- Memberships ----------------------------------------------------------------------------------


@transaction.atomic
def membership_create(
    *,
    actor: Any,
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
    return membership


@transaction.atomic
def membership_change_tier(
    *, actor: Any, membership: Membership, tier: MembershipTier
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
    actor: Any,
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


# --- People in organisations ----------------------------------------------------------------------


@dataclass(frozen=True)
class AddPersonResult:
    affiliation: Affiliation | None
    invitation: Invitation | None


@transaction.atomic
def affiliation_add(
    *, actor: Any, organisation: Organisation, email: str, role: str, network: Network | None = None
) -> AddPersonResult:
    """Add a person with an account straight away; invite someone without one by e-mail."""
    _require(access.can_manage_people(actor, organisation))
    if role not in AffiliationRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        network = network or _home_network_for(organisation)
        invitation = invitation_create(
            actor=actor,
            network=network,
            email=email,
            organisation=organisation,
            affiliation_role=role,
            _checked=True,
        )
        return AddPersonResult(affiliation=None, invitation=invitation)
    if Affiliation.objects.filter(user=user, organisation=organisation).exists():
        raise ApplicationError(
            "duplicate", f"{email} is already part of {organisation.name}.", field="email"
        )
    affiliation = Affiliation.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        actor=actor,
        action="network.affiliation.added",
        obj=affiliation,
        changes={"person": user.email, "role": role},
    )
    access.forget_roles(user)
    return AddPersonResult(affiliation=affiliation, invitation=None)


def _home_network_for(organisation: Organisation) -> Network:
    membership = (
        Membership.objects.filter(organisation=organisation)
        .order_by("status", "-valid_from")  # "active" sorts first
        .select_related("network")
        .first()
    )
    if membership is None:
        raise ApplicationError(
            "not_allowed",
            f"{organisation.name} is not a member of any network yet, so nobody can be invited to it.",
        )
    return membership.network


def _lead_count(organisation: Organisation) -> int:
    return Affiliation.objects.filter(
        organisation=organisation, role=AffiliationRole.RECOVERY_LEAD
    ).count()


@transaction.atomic
def affiliation_change_role(*, actor: Any, affiliation: Affiliation, role: str) -> Affiliation:
    organisation = affiliation.organisation
    _require(access.can_manage_people(actor, organisation))
    if role not in AffiliationRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    affiliation.refresh_from_db()
    if (
        affiliation.role == AffiliationRole.RECOVERY_LEAD
        and role != AffiliationRole.RECOVERY_LEAD
        and _lead_count(organisation) == 1
        and not access.can_manage_organisation(actor, organisation)
    ):
        raise ApplicationError(
            "last_lead",
            "This is the organisation's only recovery lead. Make someone else recovery lead first.",
            field="role",
        )
    old = affiliation.role
    affiliation.role = role
    affiliation.save(update_fields=["role", "updated_at"])
    audit.record(
        actor=actor,
        action="network.affiliation.role_changed",
        obj=affiliation,
        changes={"role": [old, role]},
    )
    access.forget_roles(affiliation.user)
    return affiliation


@transaction.atomic
def affiliation_remove(*, actor: Any, affiliation: Affiliation) -> None:
    organisation = affiliation.organisation
    _require(access.can_manage_people(actor, organisation))
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if (
        affiliation.role == AffiliationRole.RECOVERY_LEAD
        and _lead_count(organisation) == 1
        and not access.can_manage_organisation(actor, organisation)
    ):
        raise ApplicationError(
            "last_lead",
            "This is the organisation's only recovery lead. Make someone else recovery lead first.",
        )
    audit.record(
        actor=actor,
        action="network.affiliation.removed",
        obj=affiliation,
        changes={"person": affiliation.user.email, "role": affiliation.role},
    )
    access.forget_roles(affiliation.user)
    affiliation.delete()


# --- Network team ---------------------------------------------------------------------------------


@transaction.atomic
def network_role_grant(
    *, actor: Any, network: Network, email: str, role: str
) -> NetworkRole | Invitation:
    _require(access.can_manage_network(actor, network.pk))
    if role not in NetworkRoleKind.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return invitation_create(
            actor=actor, network=network, email=email, network_role=role, _checked=True
        )
    network_role, created = NetworkRole.objects.get_or_create(user=user, network=network, role=role)
    if not created:
        raise ApplicationError(
            "duplicate",
            f"{email} is already a {network_role.get_role_display().lower()}.",
            field="email",
        )
    participant_join(user=user, network=network, via=JoinedVia.ADDED)
    audit.record(
        actor=actor,
        action="network.team_role.granted",
        obj=network_role,
        changes={"person": email, "role": role},
    )
    access.forget_roles(user)
    return network_role


@transaction.atomic
def network_role_revoke(*, actor: Any, network_role: NetworkRole) -> None:
    _require(access.can_manage_network(actor, network_role.network_id))
    if network_role.user_id == getattr(actor, "pk", None) and not access.is_admin(actor):
        coordinators = NetworkRole.objects.filter(
            network_id=network_role.network_id, role=NetworkRoleKind.COORDINATOR
        ).count()
        if network_role.role == NetworkRoleKind.COORDINATOR and coordinators == 1:
            raise ApplicationError(
                "last_coordinator", "You are this network's only coordinator. Add another first."
            )
    audit.record(
        actor=actor,
        action="network.team_role.revoked",
        obj=network_role,
        changes={"person": network_role.user.email, "role": network_role.role},
    )
    access.forget_roles(network_role.user)
    network_role.delete()


# --- Invitations ----------------------------------------------------------------------------------


def _hash(raw: str) -> str:
    return hashlib.sha256(raw.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *,
    actor: Any,
    network: Network,
    email: str,
    organisation: Organisation | None = None,
    affiliation_role: str = "",
    network_role: str = "",
    _checked: bool = False,
) -> Invitation:
    if not _checked:
        if network_role or organisation is None:
            _require(access.can_manage_network(actor, network.pk))
        else:
            _require(access.can_manage_people(actor, organisation))
    if bool(organisation) != bool(affiliation_role):
        raise ApplicationError(
            "invalid", "Choose both an organisation and a role.", field="affiliation_role"
        )
    email = email.strip().lower()
    # One open invitation per address and network: a new one replaces the old (its link stops working).
    Invitation.objects.filter(
        network=network, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        network=network,
        email=email,
        token_hash=_hash(raw),
        organisation=organisation,
        affiliation_role=affiliation_role,
        network_role=network_role,
        invited_by=actor,
        expires_at=timezone.now() + INVITATION_LIFETIME,
    )
    audit.record(
        actor=actor,
        action="network.invitation.created",
        obj=invitation,
        changes={
            "email": email,
            "organisation": organisation.name if organisation else None,
            "affiliation_role": affiliation_role,
            "network_role": network_role,
        },
    )
    link = settings.SITE_URL + reverse("network:invitation-accept", args=[raw])
    context = {"invitation": invitation, "link": link, "inviter": actor}
    outbox.enqueue(
        to=[email],
        subject=f"You are invited to join {network.name}",
        body_text=render_to_string("network/email/invitation.txt", context),
        body_html=render_to_string("network/email/invitation.html", context),
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Any, invitation: Invitation) -> Invitation:
    if invitation.organisation and not invitation.network_role:
        _require(access.can_manage_people(actor, invitation.organisation))
    else:
        _require(access.can_manage_network(actor, invitation.network_id))
    if invitation.accepted_at is not None:
        raise ApplicationError(
            "not_allowed", "This invitation has already been accepted.", status=409
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, action="network.invitation.revoked", obj=invitation)
    return invitation


def invitation_by_token(raw: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("network", "organisation")
        .filter(token_hash=_hash(raw))
        .first()
    )
    if invitation is None:
        raise NotFound(
            "This invitation link is not valid. Ask the person who invited you for a new one."
        )
    return invitation


@transaction.atomic
def invitation_accept(*, user: Any, raw_token: str) -> Invitation:
    """Apply an invitation to the signed-in person. The link is single-use."""
    invitation = invitation_by_token(raw_token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ApplicationError("used", "This invitation has already been used.", status=409)
    if invitation.revoked_at is not None or invitation.expires_at <= timezone.now():
        raise ApplicationError(
            "expired",
            "This invitation has expired. Ask the person who invited you for a new one.",
            status=410,
        )
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            "wrong_person",
            f"This invitation was sent to {invitation.email}. Sign in with that address to accept it.",
            status=403,
        )
    participant_join(user=user, network=invitation.network, via=JoinedVia.INVITATION)
    if invitation.organisation_id and invitation.affiliation_role:
        Affiliation.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.affiliation_role},
        )
    if invitation.network_role:
        NetworkRole.objects.get_or_create(
            user=user, network=invitation.network, role=invitation.network_role
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(actor=user, action="network.invitation.accepted", obj=invitation)
    access.forget_roles(user)
    return invitation
