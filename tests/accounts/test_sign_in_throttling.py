"""Failed sign-ins are throttled per account and per (address, account); one person's mistakes or
an attacker never lock colleagues behind the same address out; the client address is read from
X-Forwarded-For only behind a configured proxy (issue #9)."""

import pytest
from django.test import Client, RequestFactory

from recoverynet.core.models import AuditEntry
from recoverynet.core.request_context import client_ip
from tests.conftest import PASSWORD, make_user

pytestmark = pytest.mark.django_db

OFFICE = "203.0.113.7"


def sign_in(email: str, password: str, ip: str = OFFICE, **headers: str) -> Client:
    client = Client(REMOTE_ADDR=ip, **headers)
    client.post("/accounts/login/", {"login": email, "password": password})
    return client


def signed_in(client: Client) -> bool:
    return "_auth_user_id" in client.session


def test_attackers_failures_do_not_lock_out_a_colleague_on_the_same_address(world):
    for _ in range(25):
        sign_in("lead.a@example.org", "wrong-password")
    # The colleague's correct password from the same address still works.
    assert signed_in(sign_in("staff.a@example.org", PASSWORD))
    assert signed_in(sign_in("lead.b@example.org", PASSWORD))
    # The attacked account is locked for that address, even with the right password.
    locked = sign_in("lead.a@example.org", PASSWORD)
    assert not signed_in(locked)


def test_the_account_itself_is_locked_after_failures_from_many_addresses(world):
    for n in range(10):
        sign_in("lead.a@example.org", "wrong-password", ip=f"198.51.100.{n + 1}")
    client = Client(REMOTE_ADDR="192.0.2.99")
    response = client.post(
        "/accounts/login/", {"login": "lead.a@example.org", "password": PASSWORD}
    )
    assert not signed_in(client)
    assert "too many" in response.content.decode().lower()
    # Other accounts are unaffected.
    assert signed_in(sign_in("staff.a@example.org", PASSWORD, ip="192.0.2.99"))


def test_spraying_many_accounts_from_one_address_is_stopped(world, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "login_failed_ip": "6/15m/ip"}
    # staff.a has signed in from the office before.
    assert signed_in(sign_in("staff.a@example.org", PASSWORD))
    for n in range(6):
        sign_in(f"victim{n}@example.org", "Spring2026!")
    newcomer = make_user("newcomer@example.org")
    assert not signed_in(sign_in(newcomer.email, PASSWORD))
    # Someone who signs in from this address regularly is not locked out by the spraying.
    assert signed_in(sign_in("staff.a@example.org", PASSWORD))


def test_x_forwarded_for_is_ignored_without_a_trusted_proxy(world, settings):
    settings.TRUSTED_PROXY_COUNT = 0
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    request = RequestFactory().get("/", REMOTE_ADDR=OFFICE, HTTP_X_FORWARDED_FOR="192.0.2.1")
    assert client_ip(request) == OFFICE
    # An attacker rotating the header still hits the (address, account) limit.
    for n in range(6):
        sign_in("lead.a@example.org", "wrong", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}")
    assert not signed_in(
        sign_in("lead.a@example.org", PASSWORD, HTTP_X_FORWARDED_FOR="192.0.2.200")
    )


def test_behind_a_proxy_the_client_address_comes_from_x_forwarded_for(world, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    balancer = "10.0.0.2"
    # The left-most entry is written by the client and is not trusted; the proxy's entry is.
    request = RequestFactory().get(
        "/", REMOTE_ADDR=balancer, HTTP_X_FORWARDED_FOR="1.1.1.1, 192.0.2.44"
    )
    assert client_ip(request) == "192.0.2.44"
    assert client_ip(RequestFactory().get("/", REMOTE_ADDR=balancer)) == balancer
    # Two people behind the balancer are throttled separately.
    for _ in range(6):
        sign_in("lead.a@example.org", "wrong", ip=balancer, HTTP_X_FORWARDED_FOR="192.0.2.10")
    assert not signed_in(
        sign_in("lead.a@example.org", PASSWORD, ip=balancer, HTTP_X_FORWARDED_FOR="192.0.2.10")
    )
    assert signed_in(
        sign_in("lead.a@example.org", PASSWORD, ip=balancer, HTTP_X_FORWARDED_FOR="192.0.2.11")
    )
    # The audit log records the same trusted address.
    entry = AuditEntry.objects.filter(
        action="accounts.user.signed_in", object_id=str(world.lead_a.pk)
    ).latest("at")
    assert entry.ip == "192.0.2.11"
