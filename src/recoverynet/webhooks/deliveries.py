"""From a domain event to signed HTTP requests: delivery rows, sending, retries, disabling.

`on_domain_event` runs after the emitting transaction commits (it is subscribed to every event) and
writes one delivery per active endpoint of the event's network that chose that event type. A task
sends them; a failure is retried with exponential backoff and jitter for about three days
(`RETRY_DELAYS`), by the scheduler picking due rows. A 410 answer, or `WEBHOOKS_DISABLE_AFTER_FAILURES`
deliveries in a row that used every attempt with none delivered between (counted from the delivery
rows, `failure_streak`), turns its endpoint off and tells the network's coordinators, one e-mail
each."""

from __future__ import annotations

import datetime
import json
import logging
import random
from collections.abc import Mapping
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models import Count, DateTimeField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, Greatest
from django.urls import reverse
from django.utils import timezone

from recoverynet.core import audit, domain_events, outbox, versioned
from recoverynet.network.models import Network, NetworkRole, NetworkRoleKind

from . import signing, transport
from .models import Attempt, Delivery, DeliveryStatus, Endpoint

log = logging.getLogger(__name__)

TEST_EVENT = "webhook.test"
# Wait after the 1st, 2nd, ... failed attempt: about 3 days in all (75.6 hours), 10 attempts.
RETRY_DELAYS = [
    datetime.timedelta(seconds=5),
    datetime.timedelta(minutes=5),
    datetime.timedelta(minutes=30),
    datetime.timedelta(hours=2),
    datetime.timedelta(hours=5),
    datetime.timedelta(hours=10),
    datetime.timedelta(hours=14),
    datetime.timedelta(hours=20),
    datetime.timedelta(hours=24),
]
MAX_ATTEMPTS = len(RETRY_DELAYS) + 1
LEASE = datetime.timedelta(minutes=2)
EPOCH = datetime.datetime(
    2000, 1, 1, tzinfo=datetime.UTC
)  # a claimed delivery is not picked again meanwhile


def body_for(*, event_type: str, occurred_at: str, network: str, data: Mapping[str, Any]) -> str:
    """The thin JSON payload: type, timestamp and the event's own fields plus the network's slug."""
    payload = {"type": event_type, "timestamp": occurred_at, "data": {**data, "network": network}}
    return json.dumps(payload, separators=(",", ":"), ensure_ascii=False, default=str)


def backoff(attempts: int) -> datetime.timedelta:
    """How long to wait after `attempts` failed tries: the schedule, with ±20 % jitter."""
    delay = RETRY_DELAYS[min(attempts, len(RETRY_DELAYS)) - 1]
    return delay * random.uniform(0.8, 1.2)


def _topic(network_slug: str) -> str:
    return f"webhook-endpoints:{network_slug}"


def subscriptions(network_slug: str) -> list[tuple[int, list[str]]]:
    """(endpoint id, event types) for each active endpoint of the network. Read after every domain
    event (a booking announces two), so kept in the shared cache until an endpoint changes
    (`core.versioned`; `endpoints_changed`)."""
    return versioned.read(_topic(network_slug), lambda: _read_subscriptions(network_slug))


def _read_subscriptions(network_slug: str) -> list[tuple[int, list[str]]]:
    return [
        (pk, list(types))
        for pk, types in Endpoint.objects.filter(
            network__slug=network_slug, is_active=True
        ).values_list("pk", "event_types")
    ]


def endpoints_changed(sender: Any, instance: Endpoint, **kwargs: Any) -> None:
    """An endpoint was saved or deleted: `subscriptions` reads afresh."""
    if not settings.REDIS_URL:
        return
    slug = Network.objects.filter(pk=instance.network_id).values_list("slug", flat=True).first()
    if slug is not None:
        versioned.changed(_topic(slug))


def on_domain_event(event: domain_events.DomainEvent) -> None:
    if not event.network_slug:
        return
    endpoints = [pk for pk, types in subscriptions(event.network_slug) if event.type in types]
    if not endpoints:
        return
    body = body_for(
        event_type=event.type,
        occurred_at=event.occurred_at,
        network=event.network_slug,
        data=event.data,
    )
    with transaction.atomic():
        Delivery.objects.bulk_create(
            [
                Delivery(
                    endpoint_id=e,
                    event_id=event.id,
                    event_type=event.type,
                    body=body,
                    next_attempt_at=timezone.now(),
                )
                for e in endpoints
            ],
            ignore_conflicts=True,  # the same event twice writes nothing new
        )
        ids = list(Delivery.objects.filter(event_id=event.id).values_list("pk", flat=True))
        schedule(ids)


def schedule(delivery_ids: list[int]) -> None:
    """Send these deliveries in a background task once the current transaction commits."""
    from .tasks import send_deliveries

    if delivery_ids:
        transaction.on_commit(lambda: send_deliveries.enqueue(delivery_ids))


def signing_secrets(endpoint: Endpoint, now: datetime.datetime) -> list[str]:
    """The current secret, and during a rotation's overlap the previous one too."""
    current = [endpoint.secret]
    expires = endpoint.previous_secret_expires_at
    if endpoint.previous_secret and expires is not None and expires > now:
        current.append(endpoint.previous_secret)
    return current


def _claim(delivery_id: int, now: datetime.datetime) -> Delivery | None:
    with transaction.atomic():
        delivery = (
            Delivery.objects.select_for_update()
            .select_related("endpoint")
            .filter(pk=delivery_id, status=DeliveryStatus.PENDING, endpoint__is_active=True)
            .first()
        )
        if delivery is None or (delivery.next_attempt_at and delivery.next_attempt_at > now):
            return None
        delivery.next_attempt_at = now + LEASE
        delivery.save(update_fields=["next_attempt_at", "updated_at"])
        return delivery


def deliver(delivery_id: int) -> str:
    """Try one delivery now if it is due. Safe to call twice: a claimed or finished one is skipped.
    The request is made outside any transaction, so no lock is held while waiting for an answer."""
    now = timezone.now()
    delivery = _claim(delivery_id, now)
    if delivery is None:
        return "skipped"
    endpoint = delivery.endpoint
    timestamp = int(now.timestamp())
    headers = signing.headers(
        signing_secrets(endpoint, now), delivery.message_id, timestamp, delivery.body
    )
    try:
        reply = transport.post(endpoint.url, delivery.body, headers)
    except Exception as exc:  # logged as a failed try, so it is retried on the schedule
        log.exception("Webhook delivery %s could not be sent", delivery.pk)
        reply = transport.Reply(None, 0, error=f"Could not send: {type(exc).__name__}")
    _record(delivery.pk, reply, now)
    return "delivered" if reply.ok else "failed"


@transaction.atomic
def _record(delivery_id: int, reply: transport.Reply, at: datetime.datetime) -> None:
    delivery = Delivery.objects.select_for_update().get(pk=delivery_id)
    endpoint = Endpoint.objects.select_for_update().get(pk=delivery.endpoint_id)
    Attempt.objects.create(
        delivery=delivery,
        at=at,
        status_code=reply.status_code,
        duration_ms=reply.duration_ms,
        response_excerpt=reply.excerpt,
        error=reply.error,
    )
    delivery.attempts += 1
    delivery.last_status_code = reply.status_code
    if reply.ok and (endpoint.last_success_at is None or at > endpoint.last_success_at):
        # An update, not save(): saving an endpoint makes every process read the network's
        # endpoints again (its subscriptions are kept until an endpoint changes).
        Endpoint.objects.filter(pk=endpoint.pk).update(last_success_at=at)
        endpoint.last_success_at = at
    if reply.ok:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.SUCCEEDED, None
    elif reply.status_code == 410 or delivery.attempts >= MAX_ATTEMPTS:
        delivery.status, delivery.next_attempt_at = DeliveryStatus.FAILED, None
    else:
        delivery.next_attempt_at = at + backoff(delivery.attempts)
    delivery.save(update_fields=["attempts", "last_status_code", "status", "next_attempt_at"])
    if reply.status_code == 410:
        _disable(endpoint, "The endpoint answered 410 Gone, which means it no longer exists.")
    elif delivery.status == DeliveryStatus.FAILED:
        limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
        streak = failure_streak(endpoint)
        if streak >= limit:
            _disable(
                endpoint,
                f"{streak} {'delivery' if streak == 1 else 'deliveries'} in a row failed, each "
                f"after {MAX_ATTEMPTS} tries over about 3 days, with none delivered between "
                f"(the limit is {limit}).",
            )


def _succeeded() -> Q:
    return Q(status_code__gte=200, status_code__lt=300)


def failure_streaks(endpoints: QuerySet[Endpoint]) -> QuerySet[Endpoint]:
    """Each endpoint with `failures_in_a_row`: its deliveries that finally failed (every try used)
    since its last successful try and since it was last turned back on, counted from the delivery
    rows and their log (one query for a whole list). A delivery that is still being retried does
    not count yet: minutes of downtime with many events must not turn an endpoint off."""
    epoch = Value(EPOCH, output_field=DateTimeField())
    since = Greatest(Coalesce("last_success_at", epoch), Coalesce("failures_counted_from", epoch))
    failed = (
        Delivery.objects.filter(
            endpoint=OuterRef("pk"),
            status=DeliveryStatus.FAILED,
            log__at__gt=OuterRef("counted_from"),
        )
        .order_by()
        .values("endpoint")
        .annotate(n=Count("pk", distinct=True))
        .values("n")
    )
    return endpoints.annotate(counted_from=since).annotate(
        failures_in_a_row=Coalesce(Subquery(failed), Value(0))
    )


def last_success_refresh(endpoints: QuerySet[Endpoint]) -> None:
    """Set each endpoint's `last_success_at` from its log, for tries written without `_record` (the
    demo's and generate_scale's)."""
    endpoints.update(
        last_success_at=Subquery(
            Attempt.objects.filter(_succeeded(), delivery__endpoint=OuterRef("pk"))
            .order_by("-at")
            .values("at")[:1]
        )
    )


def failure_streak(endpoint: Endpoint) -> int:
    """Failed deliveries in a row for one endpoint (see `failure_streaks`)."""
    found = failure_streaks(Endpoint.objects.filter(pk=endpoint.pk)).first()
    return int(getattr(found, "failures_in_a_row", 0))


def _disable(endpoint: Endpoint, reason: str) -> None:
    """Turn the endpoint off and tell each coordinator of its network (one message each)."""
    if not endpoint.is_active:
        return
    endpoint.is_active = False
    endpoint.disabled_reason = reason
    endpoint.disabled_at = timezone.now()
    endpoint.save(update_fields=["is_active", "disabled_reason", "disabled_at", "updated_at"])
    audit.record(
        actor=None,
        action="webhooks.endpoint.disabled",
        obj=endpoint,
        changes={"url": endpoint.url, "reason": reason},
    )
    network = Network.objects.get(pk=endpoint.network_id)
    emails = NetworkRole.objects.filter(
        network=network, role=NetworkRoleKind.COORDINATOR, user__is_active=True
    ).values_list("user__email", flat=True)
    link = settings.SITE_URL + reverse("webhooks:endpoint", args=[network.slug, endpoint.public_id])
    outbox.enqueue_each(
        to=list(emails),
        subject=f"A webhook for {network.name} has been turned off",
        body_text=(
            f"We have stopped sending events to {endpoint.url}.\n\n"
            f"Why: {reason}\n\n"
            "Nothing more will be sent to it until someone on the network team turns it back on. "
            f"Check the delivery log, fix the receiving system, then turn it back on here:\n{link}\n"
        ),
    )


def due_delivery_ids(limit: int = 200) -> list[int]:
    return list(
        Delivery.objects.filter(
            status=DeliveryStatus.PENDING,
            next_attempt_at__lte=timezone.now(),
            endpoint__is_active=True,
        )
        .order_by("next_attempt_at")
        .values_list("pk", flat=True)[:limit]
    )


def send_due(limit: int = 200) -> dict[str, int]:
    """The scheduler's sweeper: every delivery whose (re)try time has come."""
    counts: dict[str, int] = {}
    for delivery_id in due_delivery_ids(limit):
        try:
            outcome = deliver(delivery_id)
        except Exception:  # one broken delivery must not stop the others
            log.exception("Webhook delivery %s failed unexpectedly", delivery_id)
            outcome = "error"
        counts[outcome] = counts.get(outcome, 0) + 1
    return counts
