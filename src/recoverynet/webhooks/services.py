"""Every write to webhooks: endpoints, their secrets, re-sends and test events.

Only a network's coordinators (and administrators) may do any of it. Secrets never reach the audit
log: it records that a secret was made or rotated, not the secret."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Iterable

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network

from . import access, deliveries, guard, signing
from .models import Delivery, DeliveryStatus, Endpoint
from .selectors import REFUSED

MAX_ENDPOINTS_PER_NETWORK = 20


def _require(actor: Actor, network_id: int) -> None:
    if not access.can_manage(actor, network_id):
        raise PermissionDenied(REFUSED)


def _clean_url(url: str) -> str:
    url = clean_text(url, field="url", max_length=500, required=True, single_line=True)
    guard.resolve(guard.check_url(url))
    return url


def _clean_event_types(event_types: Iterable[str]) -> list[str]:
    chosen = sorted(set(event_types))
    if not chosen:
        raise ApplicationError(
            "invalid", "Choose at least one event to send.", field="event_types", status=422
        )
    unknown = [name for name in chosen if not domain_events.is_defined(name)]
    if unknown:
        raise ApplicationError(
            "invalid",
            f"We do not announce {', '.join(unknown)}. Choose from the list of events.",
            field="event_types",
            status=422,
        )
    return chosen


@transaction.atomic
def endpoint_create(
    *,
    actor: Actor,
    network: Network,
    url: str,
    event_types: Iterable[str],
    description: str = "",
) -> tuple[Endpoint, str]:
    """Register an endpoint. Returns it with its signing secret, which is shown only this once."""
    _require(actor, network.pk)
    url = _clean_url(url)
    types = _clean_event_types(event_types)
    description = clean_text(description, field="description", max_length=200, single_line=True)
    if Endpoint.objects.filter(network=network).count() >= MAX_ENDPOINTS_PER_NETWORK:
        raise ApplicationError(
            "limit",
            f"A network can have at most {MAX_ENDPOINTS_PER_NETWORK} webhook endpoints.",
            status=409,
        )
    secret = signing.new_secret()
    endpoint = Endpoint.objects.create(
        network=network,
        url=url,
        description=description,
        event_types=types,
        secret=secret,
        created_by=person(actor),
    )
    audit.record(
        actor=actor,
        action="webhooks.endpoint.created",
        obj=endpoint,
        changes={"url": url, "event_types": types, "description": description},
    )
    return endpoint, secret


@transaction.atomic
def endpoint_update(
    *,
    actor: Actor,
    endpoint: Endpoint,
    url: str | None = None,
    event_types: Iterable[str] | None = None,
    description: str | None = None,
    is_active: bool | None = None,
) -> Endpoint:
    """Change an endpoint. Turning it back on clears why it was turned off; deliveries that were
    waiting go out again."""
    _require(actor, endpoint.network_id)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    before = audit.snapshot(endpoint, ["url", "event_types", "description", "is_active"])
    if url is not None:
        endpoint.url = _clean_url(url)
    if event_types is not None:
        endpoint.event_types = _clean_event_types(event_types)
    if description is not None:
        endpoint.description = clean_text(
            description, field="description", max_length=200, single_line=True
        )
    if is_active is not None and is_active != endpoint.is_active:
        endpoint.is_active = is_active
        if is_active:
            endpoint.disabled_reason, endpoint.disabled_at = "", None
            endpoint.failures_counted_from = timezone.now()  # earlier failures no longer count
        else:
            endpoint.disabled_reason = "Turned off by the network team."
            endpoint.disabled_at = timezone.now()
    endpoint.save()
    changes = audit.diff(endpoint, before, ["url", "event_types", "description", "is_active"])
    if changes:
        audit.record(actor=actor, action="webhooks.endpoint.changed", obj=endpoint, changes=changes)
    if is_active:
        pending = Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
        pending.update(next_attempt_at=timezone.now())
        deliveries.schedule(list(pending.values_list("pk", flat=True)))
    return endpoint


@transaction.atomic
def endpoint_enable(*, actor: Actor, endpoint: Endpoint) -> Endpoint:
    """Turn a turned-off endpoint back on (after fixing the receiving system): failed tries before
    now no longer count towards the limit, and deliveries that were waiting go out again."""
    _require(actor, endpoint.network_id)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    if endpoint.is_active:
        return endpoint
    reason = endpoint.disabled_reason
    endpoint.is_active = True
    endpoint.disabled_reason, endpoint.disabled_at = "", None
    endpoint.failures_counted_from = timezone.now()
    endpoint.save()
    audit.record(
        actor=actor,
        action="webhooks.endpoint.enabled",
        obj=endpoint,
        changes={"url": endpoint.url, "was_off_because": reason},
    )
    pending = Delivery.objects.filter(endpoint=endpoint, status=DeliveryStatus.PENDING)
    pending.update(next_attempt_at=timezone.now())
    deliveries.schedule(list(pending.values_list("pk", flat=True)))
    return endpoint


@transaction.atomic
def endpoint_delete(*, actor: Actor, endpoint: Endpoint) -> None:
    """Remove an endpoint and its delivery log."""
    _require(actor, endpoint.network_id)
    audit.record(
        actor=actor, action="webhooks.endpoint.deleted", obj=endpoint, changes={"url": endpoint.url}
    )
    endpoint.delete()


@transaction.atomic
def secret_rotate(*, actor: Actor, endpoint: Endpoint) -> str:
    """A new signing secret, shown once. The old one keeps signing too (both signatures are sent)
    for `WEBHOOKS_SECRET_OVERLAP_HOURS`, so the receiving system can switch without losing events."""
    _require(actor, endpoint.network_id)
    endpoint = Endpoint.objects.select_for_update().get(pk=endpoint.pk)
    secret = signing.new_secret()
    overlap = datetime.timedelta(hours=settings.WEBHOOKS_SECRET_OVERLAP_HOURS)
    endpoint.previous_secret = endpoint.secret
    endpoint.previous_secret_expires_at = timezone.now() + overlap
    endpoint.secret = secret
    endpoint.save(
        update_fields=["secret", "previous_secret", "previous_secret_expires_at", "updated_at"]
    )
    audit.record(
        actor=actor,
        action="webhooks.endpoint.secret_rotated",
        obj=endpoint,
        changes={"previous_secret_signs_until": endpoint.previous_secret_expires_at.isoformat()},
    )
    return secret


@transaction.atomic
def delivery_resend(*, actor: Actor, delivery: Delivery) -> Delivery:
    """Send a delivery again now, with the same `webhook-id` and body, and a fresh set of retries."""
    _require(actor, delivery.endpoint.network_id)
    delivery = Delivery.objects.select_for_update().select_related("endpoint").get(pk=delivery.pk)
    if not delivery.endpoint.is_active:
        raise ApplicationError(
            "endpoint_off", "Turn the endpoint back on before sending again.", status=409
        )
    delivery.status = DeliveryStatus.PENDING
    delivery.attempts = 0
    delivery.next_attempt_at = timezone.now()
    delivery.save(update_fields=["status", "attempts", "next_attempt_at", "updated_at"])
    audit.record(
        actor=actor,
        action="webhooks.delivery.resent",
        obj=delivery,
        changes={"event_type": delivery.event_type, "message_id": delivery.message_id},
    )
    deliveries.schedule([delivery.pk])
    return delivery


@transaction.atomic
def endpoint_send_test(*, actor: Actor, endpoint: Endpoint) -> Delivery:
    """Send a `webhook.test` event to this endpoint only (whatever events it chose)."""
    _require(actor, endpoint.network_id)
    endpoint = Endpoint.objects.select_related("network").get(pk=endpoint.pk)
    if not endpoint.is_active:
        raise ApplicationError(
            "endpoint_off", "Turn the endpoint back on before sending a test.", status=409
        )
    event_id = f"evt_{uuid.uuid4().hex}"
    delivery = Delivery.objects.create(
        endpoint=endpoint,
        event_id=event_id,
        event_type=deliveries.TEST_EVENT,
        body=deliveries.body_for(
            event_type=deliveries.TEST_EVENT,
            occurred_at=timezone.now().isoformat(),
            network=endpoint.network.slug,
            data={"endpoint_id": str(endpoint.public_id)},
        ),
        next_attempt_at=timezone.now(),
    )
    audit.record(
        actor=actor, action="webhooks.endpoint.tested", obj=endpoint, changes={"event_id": event_id}
    )
    deliveries.schedule([delivery.pk])
    return delivery
