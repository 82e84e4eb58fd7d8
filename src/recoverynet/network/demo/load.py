"""Loading the demo data. Idempotent: running it again changes nothing and adds no duplicates."""

from __future__ import annotations

import datetime
from typing import Any

from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP
from django.contrib.auth import get_user_model
from django.db import transaction

from recoverynet.core import versioned

from .. import reference
from ..models import (
    Affiliation,
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
from .data import (
    DEMO_DOMAIN,
    DEMO_PASSWORD,
    DEMO_TOTP_SECRETS,
    MEMBERSHIPS,
    NETWORKS,
    ORGANISATIONS,
    PEOPLE,
    DemoPerson,
)

User = get_user_model()


def _person(p: DemoPerson) -> tuple[Any, bool]:
    user = User.objects.filter(email=p.email).first()
    created = user is None
    if user is None:
        user = User.objects.create_user(
            email=p.email,
            password=DEMO_PASSWORD,
            full_name=p.name,
            is_superuser=p.superuser,
            is_staff=p.superuser,
        )
    EmailAddress.objects.get_or_create(
        user=user, email=p.email, defaults={"verified": True, "primary": True}
    )
    secret = DEMO_TOTP_SECRETS.get(p.key)
    if (
        secret
        and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    ):
        TOTP.activate(user, secret)
        RecoveryCodes.activate(user)
    return user, created


@transaction.atomic
def load_demo() -> dict[str, int]:
    created = {"networks": 0, "organisations": 0, "memberships": 0, "people": 0}
    networks: dict[str, Network] = {}
    tiers: dict[tuple[str, str], MembershipTier] = {}
    for n in NETWORKS:
        network, was_created = Network.objects.get_or_create(
            slug=n["slug"],
            defaults={
                "name": n["name"],
                "short_name": n["short_name"],
                "currency": n["currency"],
                "tax_name": n["tax_name"],
                "time_zone": n["tz"],
                "description": n["description"],
                "self_registration": n["self_registration"],
                "contact_email": n["contact_email"],
                **n["invoice"],
            },
        )
        created["networks"] += was_created
        # Complete the invoice details of a demo network loaded before they existed.
        blank = {k: v for k, v in n["invoice"].items() if not getattr(network, k)}
        if blank:
            Network.objects.filter(pk=network.pk).update(**blank)
            versioned.changed(reference.TOPIC)  # an update() sends no signal
        TaxRate.objects.get_or_create(
            network=network, valid_from=datetime.date(2011, 1, 4), defaults={"rate": n["rate"]}
        )
        for order, (slug, name, member_rates) in enumerate(n["tiers"]):
            tiers[(n["slug"], slug)], _ = MembershipTier.objects.get_or_create(
                network=network,
                slug=slug,
                defaults={"name": name, "member_rates": member_rates, "order": order},
            )
        networks[n["slug"]] = network
    orgs: dict[str, Organisation] = {}
    for slug, name, kind, country, parent, website in ORGANISATIONS:
        org, was_created = Organisation.objects.get_or_create(
            slug=slug,
            defaults={
                "name": name,
                "kind": kind,
                "country": country,
                "website": website,
                "parent": orgs.get(parent) if parent else None,
            },
        )
        created["organisations"] += was_created
        orgs[slug] = org
    for org_slug, network_slug, tier_slug, start in MEMBERSHIPS:
        _, was_created = Membership.objects.get_or_create(
            organisation=orgs[org_slug],
            network=networks[network_slug],
            status=MembershipStatus.ACTIVE,
            defaults={
                "tier": tiers[(network_slug, tier_slug)],
                "valid_from": datetime.date.fromisoformat(start),
            },
        )
        created["memberships"] += was_created
    # One ended membership, so history and filters have something to show.
    Membership.objects.get_or_create(
        organisation=orgs["lse"],
        network=networks["uk"],
        status=MembershipStatus.ENDED,
        defaults={
            "tier": tiers[("uk", "non-member-site")],
            "valid_from": datetime.date(2014, 1, 1),
            "valid_to": datetime.date(2016, 12, 31),
        },
    )
    for p in PEOPLE:
        user, was_created = _person(p)
        created["people"] += was_created
        for network_slug, role in p.team:
            NetworkRole.objects.get_or_create(user=user, network=networks[network_slug], role=role)
        if p.org:
            Affiliation.objects.get_or_create(
                user=user, organisation=orgs[p.org[0]], defaults={"role": p.org[1]}
            )
        for network_slug in p.networks:
            Participant.objects.get_or_create(
                user=user,
                network=networks[network_slug],
                defaults={"joined_via": JoinedVia.ADDED if p.team else JoinedVia.SELF_REGISTRATION},
            )
    _pending_invitation(networks["uk"])
    return created


def _pending_invitation(network: Network) -> None:
    """One invitation not yet accepted, so the network's page lists it with "Withdraw"."""
    from ..services import invitation_create

    email = "new.editor@example.org"
    if Invitation.objects.filter(network=network, email=email).exists():
        return
    invitation_create(
        actor=User.objects.get(email=f"coordinator.uk@{DEMO_DOMAIN}"),
        network=network,
        email=email,
        network_role=NetworkRoleKind.EDITOR,
    )


DEMO_NOTES = (
    "Accounts marked MFA ask for a 6-digit code after the password. Get the current code with\n"
    "  make demo-code EMAIL=coordinator.uk@demo.recoverynet.example\n"
    "or add the account's secret to an authenticator app (`recoverynet demo_totp --secret EMAIL`)."
)


def demo_logins() -> list[tuple[str, str, str]]:
    return [(p.email, DEMO_PASSWORD, p.description) for p in PEOPLE]
