"""From a domain event to a signed request: delivery rows, retries for days, disabling, rotation."""

from __future__ import annotations

import base64
import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.utils import timezone

from recoverynet.core import domain_events, scheduling
from recoverynet.core.models import AuditEntry
from recoverynet.webhooks import deliveries, services, transport
from recoverynet.webhooks.models import Attempt, Delivery, DeliveryStatus, Endpoint

from .conftest import PUBLIC_ADDRESS, verify

pytestmark = pytest.mark.django_db

URL = "https://hooks.example.org/recoverynet?source=uk"


@pytest.fixture
def endpoint(world: Any, receiver: Any) -> tuple[Endpoint, str]:
    return services.endpoint_create(
        actor=world.coordinator_uk,
        network=world.uk,
        url=URL,
        event_types=["resource.published", "article.published"],
        description="Our CRM",
    )


def announce(capture: Any, name: str = "resource.published", network: str = "uk") -> Any:
    data = {
        "resource.published": {"resource_id": "r-1", "title": "A guide", "url": "https://x/r"},
        "network.created": {"network_id": 9, "network_slug": network},
    }[name]
    with capture(execute=True):
        return domain_events.emit(name, network_slug=network, data=data)


def test_the_secret_is_whsec_and_base64_of_enough_random_bytes(endpoint: Any) -> None:
    ep, secret = endpoint
    assert secret.startswith("whsec_")
    assert len(base64.b64decode(secret.removeprefix("whsec_"), validate=True)) >= 24
    entry = AuditEntry.objects.get(action="webhooks.endpoint.created")
    assert secret not in json.dumps(entry.changes)
    assert (
        services.endpoint_create(
            actor=ep.created_by, network=ep.network, url=URL, event_types=["resource.published"]
        )[1]
        != secret
    )


def test_an_event_is_delivered_signed_by_the_standard_webhooks_rules(
    endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _, secret = endpoint
    event = announce(django_capture_on_commit_callbacks)
    [request] = receiver.got
    assert verify(secret, request.headers, request.body)
    assert not verify(secret.replace(secret[-6:], "AAAAA="), request.headers, request.body)
    assert request.address == PUBLIC_ADDRESS and request.host == "hooks.example.org"
    assert request.path == "/recoverynet?source=uk"
    assert request.headers["webhook-id"].startswith("msg_")
    assert abs(int(request.headers["webhook-timestamp"]) - timezone.now().timestamp()) < 5
    assert json.loads(request.body) == {
        "type": "resource.published",
        "timestamp": event.occurred_at,
        "data": {"resource_id": "r-1", "title": "A guide", "url": "https://x/r", "network": "uk"},
    }
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.SUCCEEDED and delivery.last_status_code == 200
    [attempt] = delivery.log.all()
    assert attempt.status_code == 200 and attempt.response_excerpt == "thanks"


def test_only_chosen_events_of_the_endpoints_own_network_are_sent(
    world: Any, endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    announce(django_capture_on_commit_callbacks, "network.created")
    announce(django_capture_on_commit_callbacks, "resource.published", network="ie")
    assert receiver.got == [] and not Delivery.objects.exists()
    # The same event arriving twice makes one delivery.
    event = domain_events.DomainEvent(
        type="resource.published", network_slug="uk", data={"resource_id": "1"}
    )
    with django_capture_on_commit_callbacks(execute=True):
        deliveries.on_domain_event(event)
        deliveries.on_domain_event(event)
    assert Delivery.objects.count() == 1 and len(receiver.got) == 1


def test_failures_are_retried_with_backoff_keeping_the_same_webhook_id(
    endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500, None, 200]
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        announce(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    wait = delivery.next_attempt_at - start
    assert datetime.timedelta(seconds=4) <= wait <= datetime.timedelta(seconds=6)
    # Not yet due: the sweeper leaves it.
    with time_machine.travel(start + datetime.timedelta(seconds=1), tick=False):
        assert deliveries.send_due() == {}
    with time_machine.travel(start + datetime.timedelta(seconds=7), tick=False):
        assert deliveries.send_due() == {"failed": 1}
    delivery.refresh_from_db()
    assert delivery.next_attempt_at - (start + datetime.timedelta(seconds=7)) >= (
        datetime.timedelta(minutes=4)
    )
    with time_machine.travel(start + datetime.timedelta(minutes=7), tick=False):
        assert deliveries.send_due() == {"delivered": 1}
    ids = {r.headers["webhook-id"] for r in receiver.got}
    assert len(receiver.got) == 3 and ids == {delivery.message_id}
    assert list(Attempt.objects.order_by("at").values_list("status_code", flat=True)) == [
        500,
        None,
        200,
    ]
    assert "Could not connect" in Attempt.objects.get(status_code=None).error


def test_three_days_of_failure_turns_the_endpoint_off_and_tells_each_coordinator(
    world: Any,
    endpoint: Any,
    receiver: Any,
    settings: Any,
    django_capture_on_commit_callbacks: Any,
) -> None:
    """With a limit of one failed delivery (the default is 3: test_failure_limit.py)."""
    settings.WEBHOOKS_DISABLE_AFTER_FAILURES = 1
    receiver.answers = [503] * deliveries.MAX_ATTEMPTS
    start = timezone.now()
    with time_machine.travel(start, tick=False):
        announce(django_capture_on_commit_callbacks)
    moment = start
    for _ in range(deliveries.MAX_ATTEMPTS - 1):
        moment = Delivery.objects.get().next_attempt_at
        with (
            time_machine.travel(moment, tick=False),
            django_capture_on_commit_callbacks(execute=True),
        ):
            deliveries.send_due()
    assert datetime.timedelta(days=2.5) < moment - start < datetime.timedelta(days=3.8)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.FAILED and delivery.attempts == 10
    ep = Endpoint.objects.get()
    assert not ep.is_active and "3 days" in ep.disabled_reason
    messages = [m for m in mail.outbox if "turned off" in m.subject]
    assert [m.to for m in messages] == [["coord.uk@example.org"]]
    assert URL in messages[0].body
    assert AuditEntry.objects.filter(action="webhooks.endpoint.disabled").count() == 1


def test_410_gone_turns_the_endpoint_off_at_once(
    endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [410]
    announce(django_capture_on_commit_callbacks)
    ep = Endpoint.objects.get()
    assert not ep.is_active and "410" in ep.disabled_reason
    assert Delivery.objects.get().status == DeliveryStatus.FAILED
    assert any("turned off" in m.subject for m in mail.outbox)
    # Nothing more is written or sent to a turned-off endpoint.
    announce(django_capture_on_commit_callbacks)
    assert Delivery.objects.count() == 1 and len(receiver.got) == 1


def test_a_rotated_secret_signs_alongside_the_old_one_until_the_overlap_ends(
    world: Any, endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ep, old = endpoint
    new = services.secret_rotate(actor=world.coordinator_uk, endpoint=ep)
    assert new != old and new.startswith("whsec_")
    announce(django_capture_on_commit_callbacks)
    request = receiver.got[-1]
    assert len(request.headers["webhook-signature"].split(" ")) == 2
    assert verify(old, request.headers, request.body) and verify(new, request.headers, request.body)
    entry = AuditEntry.objects.get(action="webhooks.endpoint.secret_rotated")
    assert old not in json.dumps(entry.changes) and new not in json.dumps(entry.changes)
    with time_machine.travel(timezone.now() + datetime.timedelta(hours=25), tick=False):
        announce(django_capture_on_commit_callbacks)
        request = receiver.got[-1]
        assert verify(new, request.headers, request.body)
        assert not verify(old, request.headers, request.body)


def test_a_name_rebound_to_an_inside_address_at_send_time_is_not_contacted(
    endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.dns["hooks.example.org"] = ["10.0.0.8"]
    announce(django_capture_on_commit_callbacks)
    assert receiver.got == []
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert "public internet" in delivery.log.get().error


def test_resend_and_test_event(
    world: Any, endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    ep, secret = endpoint
    announce(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        services.delivery_resend(actor=world.coordinator_uk, delivery=delivery)
    assert len(receiver.got) == 2
    assert receiver.got[0].headers["webhook-id"] == receiver.got[1].headers["webhook-id"]
    assert receiver.got[0].body == receiver.got[1].body
    with django_capture_on_commit_callbacks(execute=True):
        services.endpoint_send_test(actor=world.coordinator_uk, endpoint=ep)
    test = receiver.got[-1]
    assert verify(secret, test.headers, test.body)
    body = json.loads(test.body)
    assert body["type"] == "webhook.test"
    assert body["data"] == {"endpoint_id": str(ep.public_id), "network": "uk"}


def test_the_scheduler_sweeps_due_deliveries(
    endpoint: Any, receiver: Any, django_capture_on_commit_callbacks: Any
) -> None:
    receiver.answers = [500]
    announce(django_capture_on_commit_callbacks)
    later = timezone.now() + datetime.timedelta(minutes=1)
    with time_machine.travel(later, tick=False):
        results = dict(scheduling.run_periodic_jobs())
    assert results["webhooks.send_due"] == {"delivered": 1}


def test_a_real_approval_reaches_the_endpoint(
    world: Any,
    endpoint: Any,
    receiver: Any,
    django_capture_on_commit_callbacks: Any,
    settings: Any,
    tmp_path: Any,
) -> None:
    settings.MEDIA_ROOT = tmp_path
    from recoverynet.library import services as library

    resource = library.resource_submit(
        actor=world.lead_a,
        network=world.uk,
        data=library.ResourceInput(title="Recovery guide", summary="A guide.", kind="tool"),
        content=library.Content(link="https://example.org/guide"),
    )
    with django_capture_on_commit_callbacks(execute=True):
        library.resource_moderate(
            actor=world.coordinator_uk, resource=resource, decision="approved"
        )
    [request] = receiver.got
    data = json.loads(request.body)["data"]
    assert data["resource_id"] == str(resource.public_id) and data["network"] == "uk"
    assert set(data) == {"resource_id", "title", "url", "network"}


def test_an_unexpected_error_is_a_logged_try_not_a_lost_delivery(
    endpoint: Any, receiver: Any, monkeypatch: Any, django_capture_on_commit_callbacks: Any
) -> None:
    def broken(**kwargs: Any) -> Any:
        raise ValueError("bug")

    monkeypatch.setattr(transport, "_send", broken)
    announce(django_capture_on_commit_callbacks)
    delivery = Delivery.objects.get()
    assert delivery.status == DeliveryStatus.PENDING and delivery.attempts == 1
    assert delivery.log.get().error == "Could not send: ValueError"
