"""Demo webhooks: the UK network sends membership news to its CRM (one delivery, which got through
on the second try), and the ARI network's calendar feed was turned off when its address answered
410 Gone to a test event. Idempotent: a network that already has the endpoint is left alone.

Both addresses are under `.invalid` (RFC 6761), which the guard refuses before any lookup
(`guard.check_url`): "Send a test event" or a re-send in the demo logs a refused try and nothing
leaves the machine, not even a DNS question. For the same reason the endpoints and their delivery
log are written here as rows: `services.endpoint_create` looks the address up, and only a real
send writes a delivery's tries."""

from __future__ import annotations

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from recoverynet.network.models import Membership, Network

from . import signing
from .deliveries import TEST_EVENT, body_for, last_success_refresh
from .models import Attempt, Delivery, DeliveryStatus, Endpoint

User = get_user_model()
DOMAIN = "demo.recoverynet.example"
CRM_URL = "https://crm.uk-network.invalid/recoverynet/webhooks"
CALENDAR_URL = "https://calendar.ari-network.invalid/hooks/recoverynet"
GONE = "The endpoint answered 410 Gone, which means it no longer exists."


def _endpoint(network: Network, url: str, **values: object) -> Endpoint | None:
    """A new endpoint, or None when the network already has this one (the demo ran before)."""
    if Endpoint.objects.filter(network=network, url=url).exists():
        return None
    return Endpoint.objects.create(network=network, url=url, secret=signing.new_secret(), **values)


def _tries(delivery: Delivery, first: datetime.datetime, answers: list[tuple[int, str]]) -> None:
    """The delivery's log: one try per (status code, what came back), the schedule's first wait
    (5 seconds) apart."""
    for i, (code, excerpt) in enumerate(answers):
        Attempt.objects.create(
            delivery=delivery,
            at=first + datetime.timedelta(seconds=5 * i),
            status_code=code,
            duration_ms=120 + 40 * i,
            response_excerpt=excerpt,
        )


def _crm(now: datetime.datetime) -> int:
    uk = Network.objects.filter(slug="uk").first()
    coordinator = User.objects.filter(email=f"coordinator.uk@{DOMAIN}").first()
    membership = (
        Membership.objects.filter(network__slug="uk").select_related("tier").order_by("pk").first()
    )
    if uk is None or membership is None:
        return 0
    endpoint = _endpoint(
        uk,
        CRM_URL,
        description="Membership news to the network's CRM",
        event_types=["membership.lapsed", "membership.started"],
        created_by=coordinator,
    )
    if endpoint is None:
        return 0
    sent = now - datetime.timedelta(hours=3)
    body = body_for(
        event_type="membership.started",
        occurred_at=sent.isoformat(),
        network="uk",
        data={
            "membership_id": membership.pk,
            "organisation_id": membership.organisation_id,
            "tier": membership.tier.slug,
            "starts_on": membership.valid_from.isoformat(),
            "ends_on": membership.valid_to.isoformat() if membership.valid_to else None,
        },
    )
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=f"evt_demo_membership_{membership.pk}",
        event_type="membership.started",
        body=body,
        status=DeliveryStatus.SUCCEEDED,
        attempts=2,
        last_status_code=200,
    )
    _tries(delivery, sent, [(503, "Service unavailable: CRM maintenance"), (200, "ok")])
    return 1


def _calendar(now: datetime.datetime) -> int:
    ari = Network.objects.filter(slug="ari").first()
    coordinator = User.objects.filter(email=f"coordinator.ie@{DOMAIN}").first()
    if ari is None:
        return 0
    gone_at = now - datetime.timedelta(days=2)
    endpoint = _endpoint(
        ari,
        CALENDAR_URL,
        description="Event changes to the ARI website's calendar",
        event_types=["event.changed"],
        created_by=coordinator,
        is_active=False,
        disabled_reason=GONE,
        disabled_at=gone_at,
    )
    if endpoint is None:
        return 0
    # The team sent a test event; the address answered 410 Gone, which turned the endpoint off.
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id="evt_demo_ari_calendar_test",
        event_type=TEST_EVENT,
        body=body_for(
            event_type=TEST_EVENT,
            occurred_at=gone_at.isoformat(),
            network="ari",
            data={"endpoint_id": str(endpoint.public_id)},
        ),
        status=DeliveryStatus.FAILED,
        attempts=1,
        last_status_code=410,
    )
    _tries(delivery, gone_at, [(410, "Gone")])
    return 1


def load_demo() -> dict[str, int]:
    now = timezone.now()
    made = _crm(now) + _calendar(now)
    last_success_refresh(Endpoint.objects.filter(url__in=[CRM_URL, CALENDAR_URL]))
    return {"webhook endpoints": made}
