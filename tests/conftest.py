"""Shared fixtures. Data is set up through services, as a real user would create it."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client

from recoverynet.accounts.models import User
from recoverynet.network import services as network_services
from recoverynet.network.models import (
    AffiliationRole,
    Membership,
    MembershipTier,
    Network,
    NetworkRoleKind,
    Organisation,
    OrganisationKind,
)
from tests.api_contract import api_errors_are_declared  # noqa: F401  (records API answers)

PASSWORD = "correct-horse-battery-9"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    cache.clear()
    # Outbox ids queued by an earlier test whose on-commit hooks never ran (tests roll back).
    from recoverynet.core import outbox

    outbox._pending().clear()


def totp_code(secret: str = TOTP_SECRET) -> str:
    import time

    return format_hotp_value(hotp_value(secret, int(time.time()) // 30))


def make_user(email: str, *, superuser: bool = False, mfa: bool = False, **extra: Any) -> User:
    user = User.objects.create_user(
        email=email, password=PASSWORD, is_superuser=superuser, is_staff=superuser, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    if mfa:
        TOTP.activate(user, TOTP_SECRET)
    return user


def token_client(user: User, *, scopes: tuple[str, ...] = ("write",)) -> Client:
    """A client that sends a personal API token (every area, read and write unless `scopes` says
    otherwise) as `Authorization: Bearer …`, as an integration would."""
    from recoverynet.accounts.services import api_token_create

    raw = api_token_create(actor=user, name="test client", scopes=scopes).raw
    return Client(HTTP_AUTHORIZATION=f"Bearer {raw}")


def sign_in(client: Client, user: User) -> Client:
    """Sign in as a person, skipping the password and MFA stages (tested on their own)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


@dataclass
class World:
    """Two networks, three organisations and a person for every role, built through services."""

    admin: User
    uk: Network
    ie: Network
    uk_member_tier: MembershipTier
    uk_non_member_tier: MembershipTier
    ie_tier: MembershipTier
    org_a: Organisation  # UK member
    org_b: Organisation  # UK member
    org_ie: Organisation  # Irish member
    membership_a: Membership
    coordinator_uk: User
    coordinator_ie: User
    consultant_uk: User
    editor_uk: User
    lead_a: User
    staff_a: User
    lead_b: User
    lead_ie: User
    outsider: User

    def client_for(self, role: str) -> Client:
        client = Client()
        if role == "anonymous":
            return client
        return sign_in(client, getattr(self, role))


def invoice_details(name: str, tax_number: str = "GB 123 4567 89") -> dict[str, str]:
    """Complete supplier details, without which a network cannot issue invoices."""
    return {
        "supplier_name": f"{name} Ltd",
        "supplier_address": "1 Test Street\nLeeds\nLS1 1AA",
        "tax_number": tax_number,
        "payment_instructions": "Sort code 00-11-22, account 12345678",
    }


def build_world() -> World:
    """Build the shared test world. Needs database access; callers provide it (`db` or
    `transactional_db`)."""
    admin = make_user("admin@example.org", superuser=True, mfa=True, full_name="Ada Admin")
    uk = network_services.network_create(
        actor=admin,
        name="UK Network",
        slug="uk",
        currency="GBP",
        tax_name="VAT",
        tax_rate=Decimal("0.20"),
        time_zone="Europe/London",
        self_registration=True,
        **invoice_details("UK Network"),
    )
    ie = network_services.network_create(
        actor=admin,
        name="Irish Network",
        slug="ie",
        currency="EUR",
        tax_name="VAT",
        tax_rate=Decimal("0.23"),
        time_zone="Europe/Dublin",
        self_registration=False,
        **invoice_details("Irish Network", "IE 1234567T"),
    )
    uk_member = network_services.tier_create(
        actor=admin, network=uk, name="Member site", member_rates=True
    )
    uk_non = network_services.tier_create(
        actor=admin, network=uk, name="Non-member site", member_rates=False
    )
    ie_tier = network_services.tier_create(
        actor=admin, network=ie, name="Learning set site", member_rates=True
    )
    org_a = network_services.organisation_create(
        actor=admin,
        name="Alpha NHS Trust",
        kind=OrganisationKind.NHS,
        country="England",
        description="Alpha is a mental health trust.",
    )
    org_b = network_services.organisation_create(
        actor=admin, name="Beta Charity", kind=OrganisationKind.CHARITY, country="England"
    )
    org_ie = network_services.organisation_create(
        actor=admin, name="Cork Services", kind=OrganisationKind.NHS, country="Ireland"
    )
    start = datetime.date(2020, 1, 1)
    membership_a = network_services.membership_create(
        actor=admin, organisation=org_a, network=uk, tier=uk_member, valid_from=start
    )
    network_services.membership_create(
        actor=admin, organisation=org_b, network=uk, tier=uk_non, valid_from=start
    )
    network_services.membership_create(
        actor=admin, organisation=org_ie, network=ie, tier=ie_tier, valid_from=start
    )

    def team(email: str, network: Network, role: str) -> User:
        user = make_user(email, mfa=True, full_name=email.split("@")[0].title())
        network_services.network_role_grant(actor=admin, network=network, email=email, role=role)
        return user

    def affiliated(email: str, org: Organisation, role: str) -> User:
        user = make_user(email, full_name=email.split("@")[0].title())
        network_services.affiliation_add(actor=admin, organisation=org, email=email, role=role)
        return user

    return World(
        admin=admin,
        uk=uk,
        ie=ie,
        uk_member_tier=uk_member,
        uk_non_member_tier=uk_non,
        ie_tier=ie_tier,
        org_a=org_a,
        org_b=org_b,
        org_ie=org_ie,
        membership_a=membership_a,
        coordinator_uk=team("coord.uk@example.org", uk, NetworkRoleKind.COORDINATOR),
        coordinator_ie=team("coord.ie@example.org", ie, NetworkRoleKind.COORDINATOR),
        consultant_uk=team("consultant.uk@example.org", uk, NetworkRoleKind.CONSULTANT),
        editor_uk=team("editor.uk@example.org", uk, NetworkRoleKind.EDITOR),
        lead_a=affiliated("lead.a@example.org", org_a, AffiliationRole.RECOVERY_LEAD),
        staff_a=affiliated("staff.a@example.org", org_a, AffiliationRole.STAFF),
        lead_b=affiliated("lead.b@example.org", org_b, AffiliationRole.RECOVERY_LEAD),
        lead_ie=affiliated("lead.ie@example.org", org_ie, AffiliationRole.RECOVERY_LEAD),
        outsider=make_user("outsider@example.org", full_name="Olive Outsider"),
    )


@pytest.fixture
def world(db: Any) -> World:
    return build_world()


@pytest.fixture
def mfa_authenticator_count() -> Any:
    return lambda user: Authenticator.objects.filter(user=user).count()
