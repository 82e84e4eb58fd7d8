"""`generate_scale` for webhooks: each network's endpoints within the app's limit, with secrets as
the services make them, deliveries and their tries as the delivery code writes them (statuses that
agree with the log, off endpoints as failures leave them), the busy endpoint, and the pages the
benchmark asks for (a network coordinator's)."""

from __future__ import annotations

import base64
import datetime
import time

import pytest
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.db.models import Count, Max
from django.test import Client

from recoverynet.network.models import NetworkRole, NetworkRoleKind
from recoverynet.webhooks import deliveries
from recoverynet.webhooks.deliveries import EPOCH
from recoverynet.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint
from recoverynet.webhooks.scale import GONE, TURNED_OFF
from recoverynet.webhooks.services import MAX_ENDPOINTS_PER_NETWORK
from tests.conftest import TOTP_SECRET, sign_in, token_client
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

APPS = "network,webhooks"
ANCHOR = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC)


def _generate() -> None:
    generate_scale(APPS, anchor=ANCHOR.date().isoformat())


def test_endpoints_and_deliveries_in_proportion() -> None:
    _generate()
    per_network = Endpoint.objects.values("network").annotate(n=Count("pk"))
    assert all(2 <= row["n"] <= MAX_ENDPOINTS_PER_NETWORK for row in per_network)
    assert 1_950 <= Delivery.objects.count() <= 2_050  # 500,000 at factor 1.0
    assert 1.1 * 2_000 <= Attempt.objects.count() <= 1.5 * 2_000  # about 600,000
    busy = Endpoint.objects.order_by("pk").first()
    assert busy is not None and busy.is_active and busy.deliveries.count() == 80  # 20,000
    statuses = dict(Delivery.objects.values_list("status").annotate(n=Count("pk")))
    assert statuses[DeliveryStatus.SUCCEEDED] > 0.9 * 2_000
    assert statuses.get(DeliveryStatus.FAILED, 0) > 0
    oldest = Delivery.objects.order_by("created_at").first()
    assert oldest is not None and oldest.created_at < ANCHOR - datetime.timedelta(days=600)


def test_secrets_are_as_the_services_make_them() -> None:
    _generate()
    for endpoint in Endpoint.objects.all():
        assert endpoint.secret.startswith("whsec_")
        assert len(base64.b64decode(endpoint.secret.removeprefix("whsec_"))) == 32
        assert bool(endpoint.previous_secret) == bool(endpoint.previous_secret_expires_at)
        assert endpoint.event_types and all(isinstance(t, str) for t in endpoint.event_types)
    assert Endpoint.objects.values("secret").distinct().count() == Endpoint.objects.count()


def test_deliveries_agree_with_their_log() -> None:
    _generate()
    for d in Delivery.objects.prefetch_related("log").select_related("endpoint"):
        tries = sorted(d.log.all(), key=lambda a: a.at)
        assert d.attempts == len(tries) and tries, d.pk
        assert d.last_status_code == tries[-1].status_code
        assert d.created_at <= tries[0].at and d.event_type in d.endpoint.event_types
        assert all(not t.succeeded for t in tries[:-1])
        if d.status == DeliveryStatus.SUCCEEDED:
            assert tries[-1].succeeded and d.next_attempt_at is None
        elif d.status == DeliveryStatus.FAILED:
            assert d.next_attempt_at is None
            assert len(tries) == deliveries.MAX_ATTEMPTS or tries[-1].status_code == 410
        else:
            assert d.next_attempt_at is not None and len(tries) < deliveries.MAX_ATTEMPTS
        if not d.endpoint.is_active:  # nothing is made for an endpoint while it is off
            assert d.endpoint.disabled_at is not None
            assert tries[-1].at <= d.endpoint.disabled_at


def test_off_endpoints_are_as_failures_or_the_team_left_them() -> None:
    _generate()
    limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
    streaks = {
        e.pk: getattr(e, "failures_in_a_row", 0)
        for e in deliveries.failure_streaks(Endpoint.objects.all())
    }
    for endpoint in Endpoint.objects.all():
        if endpoint.is_active:
            assert streaks[endpoint.pk] < limit and not endpoint.disabled_reason
        elif endpoint.disabled_reason == GONE:
            last = endpoint.deliveries.order_by("-created_at").first()
            assert last is not None and last.last_status_code == 410
        elif endpoint.disabled_reason != TURNED_OFF:
            assert streaks[endpoint.pk] == limit
            assert endpoint.deliveries.filter(status=DeliveryStatus.PENDING).exists()
    assert Endpoint.objects.filter(is_active=False).count() >= 3  # one a network at least
    newest = Attempt.objects.filter(delivery__endpoint__is_active=True).aggregate(Max("at"))
    assert newest["at__max"] > ANCHOR - datetime.timedelta(days=3)


def test_the_benchmark_pages_answer_for_a_coordinator() -> None:
    _generate()
    busy = Endpoint.objects.select_related("network").order_by("pk").first()
    assert busy is not None
    role = (
        NetworkRole.objects.filter(network=busy.network, role=NetworkRoleKind.COORDINATOR)
        .select_related("user")
        .order_by("pk")
        .first()
    )
    assert role is not None
    TOTP.activate(role.user, TOTP_SECRET)  # the network team signs in with two steps
    slug = busy.network.slug
    page = sign_in(Client(), role.user)
    # The network's endpoint list took ~15 s over these 2,000 deliveries when its failure streaks
    # were found in the whole log and its counts joined every delivery (webhooks migration 0003).
    started = time.monotonic()
    listed = page.get(f"/manage/{slug}/webhooks/")
    assert listed.status_code == 200 and busy.url in listed.content.decode()
    assert time.monotonic() - started < 5  # a hang, not a timing: the old list took ~15 s
    assert page.get(f"/manage/{slug}/webhooks/{busy.public_id}/").status_code == 200
    first = busy.deliveries.order_by("-created_at", "-pk").first()
    assert first is not None
    assert page.get(f"/manage/{slug}/webhooks/deliveries/{first.public_id}/").status_code == 200
    api = token_client(role.user)
    log = api.get(f"/api/v1/webhooks/{busy.public_id}/deliveries")
    assert log.status_code == 200 and log.json()["count"] == 80
    assert log.json()["items"][0]["id"] == str(first.public_id)
    endpoints = api.get(f"/api/v1/networks/{slug}/webhooks")
    assert endpoints.status_code == 200
    # The streak as the log says: failed deliveries tried since the last successful try.
    last_ok = Attempt.objects.filter(
        delivery__endpoint=busy, status_code__gte=200, status_code__lt=300
    ).aggregate(Max("at"))["at__max"]
    since = max(t for t in (last_ok, busy.failures_counted_from, EPOCH) if t is not None)
    streak = (
        busy.deliveries.filter(status=DeliveryStatus.FAILED, log__at__gt=since).distinct().count()
    )
    row = next(e for e in _items(endpoints.json()) if e["id"] == str(busy.public_id))
    assert row["failures_in_a_row"] == streak


def _items(body: object) -> list[dict[str, object]]:
    return body["items"] if isinstance(body, dict) else body  # type: ignore[return-value]
