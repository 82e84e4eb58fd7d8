"""Shared fixtures. Data is set up through services, as a real user would create it."""

from __future__ import annotations

import datetime
import io
import os
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

import pytest
from allauth.account.models import EmailAddress
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.core.cache import cache
from django.test import Client, TestCase, override_settings

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
from tests import page_text
from tests.api_contract import api_errors_are_declared  # noqa: F401  (records API answers)

PASSWORD = "correct-horse-battery-9"
TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"


def worker_cache_settings(caches: dict[str, Any], worker: str) -> dict[str, Any] | None:
    """The cache settings for one pytest-xdist worker ("gw0", "gw1", ...), or None when nothing changes.

    Every test starts with `cache.clear()`, and on Redis that empties the whole database, so two
    workers sharing one database would wipe each other's keys (rate limits, sessions) mid-test. Each
    worker gets its own database instead: the one in REDIS_URL for gw0, the one below it for gw1, and
    so on (redis://…/15 gives 15, 14, …)."""
    default = caches["default"]
    if not worker.startswith("gw") or not default["BACKEND"].endswith("RedisCache"):
        return None
    from urllib.parse import urlsplit, urlunsplit

    number = int(worker.removeprefix("gw"))
    url = urlsplit(default["LOCATION"])
    base = int(url.path.strip("/") or "0")
    if number > base:
        raise RuntimeError(
            f"Worker {worker} needs Redis database {base - number}: point REDIS_URL at a higher "
            f"database (redis://…/15) or run fewer workers."
        )
    location = urlunsplit(url._replace(path=f"/{base - number}"))
    return {**caches, "default": {**default, "LOCATION": location}}


@pytest.fixture(scope="session", autouse=True)
def _cache_per_worker() -> Iterator[None]:
    from django.conf import settings

    caches = worker_cache_settings(settings.CACHES, os.environ.get("PYTEST_XDIST_WORKER", ""))
    if caches is None:
        yield
        return
    with override_settings(CACHES=caches):
        yield


@pytest.fixture(scope="session", autouse=True)
def _no_public_page_cache() -> Iterator[None]:
    """The public page cache is on wherever Redis is (CI's PostgreSQL run). A test that counts a
    page's queries or reloads it after a change without running the commit hooks would read the
    cached copy, so tests start with it off; tests/events/test_page_cache.py turns it on. The same
    for a signed-in person's kept pages (tests/core/test_private_pages.py turns those on)."""
    with override_settings(PAGE_CACHE_SECONDS=0, PRIVATE_PAGE_CACHE_SECONDS=0):
        yield


@pytest.fixture(scope="session", autouse=True)
def _page_text_check_installed() -> Iterator[None]:
    undo = page_text.install()
    yield
    undo()


@pytest.fixture(autouse=True)
def _no_developer_text_on_pages() -> Iterator[None]:
    """Every HTML page a test renders is free of template text and a rendered None (tests/page_text.py)."""
    page_text.FINDINGS.clear()
    yield
    found = list(page_text.FINDINGS)
    page_text.FINDINGS.clear()
    assert not found, "Developer text on a page:\n" + "\n".join(
        f"  {path}: {what}" for path, what in found
    )


@pytest.fixture(autouse=True)
def _fast_and_isolated(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.TASKS = {
        "default": {
            "BACKEND": "django_tasks.backends.immediate.ImmediateBackend",
            "QUEUES": settings.TASKS["default"]["QUEUES"],
        }
    }
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


def bearer(raw: str) -> dict[str, str]:
    """The header that presents a raw personal API token, for `client.get(url, **bearer(raw))`."""
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def token_client(user: User, *, scopes: tuple[str, ...] = ("write",)) -> Client:
    """A client that sends a personal API token (every area, read and write unless `scopes` says
    otherwise) as `Authorization: Bearer …`, as an integration would."""
    from recoverynet.accounts.services import api_token_create

    raw = api_token_create(actor=user, name="test client", scopes=scopes).raw
    return Client(**bearer(raw))


def page_queries(client: Client, url: str) -> int:
    """How many database queries one GET of `url` makes (it must answer 200). For "the count does
    not grow with the rows" checks: count with a few rows, add more, count again. For a fixed ceiling
    use pytest-django's `django_assert_max_num_queries` instead."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    # Once before counting: what a page keeps in the shared cache for the next request (a person's
    # roles, the networks, the frameworks: core.versioned) would otherwise be read the first time
    # only, and the first count would be the higher one.
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200, f"{url} answered {response.status_code}"
    return len(queries.captured_queries)


@pytest.fixture
def shared_cache(settings: Any) -> Iterator[None]:
    """Values kept in the shared cache (core.versioned), emptied before and after. Tests have a
    cache of their own per worker; the setting is what says it is shared."""
    cache.clear()
    settings.REDIS_URL = "redis://shared.example:6379/0"
    yield
    cache.clear()


@pytest.fixture
def kept_pages(settings: Any) -> Iterator[None]:
    """A person's pages kept for them (core/private_pages.py). Tests have a cache of their own per
    worker; the setting is what says it is shared."""
    cache.clear()
    settings.REDIS_URL = "redis://shared.example:6379/0"
    settings.PRIVATE_PAGE_CACHE_SECONDS = 60
    yield
    cache.clear()


def kept_client(user: User, path: str) -> Client:
    """`user` signed in with `path` kept for them: its third visit comes from the kept copy."""
    client = Client()
    client.force_login(user)
    client.get(path)  # the browser's first page: it now has the CSRF cookie
    client.get(path)
    assert client.get(path)["X-Page-Cache"] == "hit"
    return client


def sign_in(client: Client, user: User) -> Client:
    """Sign in as a person, skipping the password and MFA stages (tested on their own)."""
    client.force_login(user, backend="django.contrib.auth.backends.ModelBackend")
    return client


# --- Files to upload: tiny but real, so that type detection accepts them ---------------------------
# (Files that lie about their type are in tests/hostile_files.py.)
PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def png(size: tuple[int, int] = (2, 2), colour: Any = "white") -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", size, colour).save(out, format="PNG")
    return out.getvalue()


def docx() -> bytes:
    """The smallest zip that passes for a Word document."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<w:document/>")
    return out.getvalue()


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


def _networks(admin: User) -> tuple[Network, Network]:
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
    return uk, ie


def build_world() -> World:
    """Build the shared test world. Needs database access; callers provide it (`db` or
    `transactional_db`)."""
    admin = make_user("admin@example.org", superuser=True, mfa=True, full_name="Ada Admin")
    # Inside a test's transaction nothing commits, so run what follows a network's creation
    # (`network.created` subscribers, e.g. the newsletter's publication) as a commit would.
    with TestCase.captureOnCommitCallbacks(execute=True):
        uk, ie = _networks(admin)
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
