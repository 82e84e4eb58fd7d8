"""Sending the e-mail edition of an issue, in throttled batches through the outbox.

1. `send_start` fixes the recipients: one `Delivery` row per active, unsuppressed subscription
   (unique per send and subscription), all in one transaction.
2. `queue_batch` takes the next waiting deliveries under a lock on the send, writes one small outbox
   row per recipient and marks those deliveries queued, in the same transaction. So a crash either
   leaves a delivery waiting with no message, or queued with exactly one message: resuming can
   never make a second copy. The outbox then sends each message once (it locks the row and only
   sends pending ones).
3. The scheduler calls `queue_due_batches` every minute; each send gets at most its publication's
   `send_rate_per_minute` messages a minute. `recoverynet newsletter_send` does the same from the
   command line with a progress bar.

Each copy is built at send time from the issue's e-mail edition (rendered once per process), with
the recipient's own unsubscribe links put in, and is dropped if the person unsubscribed or was
suppressed after it was queued.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterator
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Count, Exists, OuterRef
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, outbox
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import OutboxMessage

from . import access, editions, services
from .models import (
    Delivery,
    DeliveryStatus,
    Issue,
    IssueStatus,
    Send,
    SendStatus,
    Subscription,
    SubscriptionStatus,
    Suppression,
)

log = logging.getLogger(__name__)

RENDERER = "newsletter.issue"
BATCH_SIZE = 500
PAUSED_RETRY = timedelta(minutes=1)
INSERT_CHUNK = 2000


def _require_editor(actor: Actor, issue: Issue) -> None:
    if not access.is_editor(actor, issue.publication.network_id):
        raise PermissionDenied("Only the newsletter's editors can send it.")


def _recipients(issue: Issue) -> Iterator[tuple[int, str]]:
    suppressed = Suppression.objects.values("email")
    return (
        Subscription.objects.filter(
            publication_id=issue.publication_id, status=SubscriptionStatus.ACTIVE
        )
        .exclude(email__in=suppressed)
        .order_by("id")
        .values_list("id", "email")
        .iterator(chunk_size=INSERT_CHUNK)
    )


@transaction.atomic
def send_start(*, actor: Actor, issue: Issue) -> Send:
    """Start sending a published issue to everyone subscribed now. Only once per issue."""
    issue = Issue.objects.select_for_update().select_related("publication").get(pk=issue.pk)
    _require_editor(actor, issue)
    if issue.status != IssueStatus.PUBLISHED:
        raise ApplicationError("wrong_state", "Publish the issue before sending it.", status=409)
    if Send.objects.filter(issue=issue).exists():
        raise ApplicationError("wrong_state", "This issue has already been sent.", status=409)
    send = Send.objects.create(issue=issue, started_by=person(actor))
    total, chunk = 0, []
    for subscription_id, email in _recipients(issue):
        chunk.append(Delivery(send=send, subscription_id=subscription_id, email=email))
        if len(chunk) >= INSERT_CHUNK:
            Delivery.objects.bulk_create(chunk)
            total, chunk = total + len(chunk), []
    if chunk:
        Delivery.objects.bulk_create(chunk)
        total += len(chunk)
    send.recipients = total
    if total == 0:
        send.status, send.finished_at = SendStatus.COMPLETED, timezone.now()
    send.save()
    audit.record(
        actor=actor, action="newsletter.send.started", obj=issue, changes={"recipients": total}
    )
    if total:
        transaction.on_commit(lambda: _kick(send.pk))
    return send


def _kick(send_id: int) -> None:
    """Queue the first minute's worth straight away rather than waiting for the scheduler."""
    from .jobs import queue_send_batches

    try:
        queue_send_batches.enqueue(send_id)
    except Exception:  # the queue being down must not fail the request
        log.warning(
            "Could not queue send %s now; the scheduler picks it up within a minute", send_id
        )


@transaction.atomic
def queue_batch(send_id: int, limit: int = BATCH_SIZE) -> int:
    """Hand the next `limit` waiting recipients to the outbox. Returns how many were handled
    (queued or skipped); 0 when there is nothing left or the send is paused."""
    send = Send.objects.select_for_update().filter(pk=send_id).first()
    if send is None or send.status != SendStatus.SENDING:
        return 0
    batch = list(
        Delivery.objects.filter(send=send, status=DeliveryStatus.WAITING)
        .select_related("subscription")
        .order_by("id")[:limit]
    )
    if not batch:
        send.status, send.finished_at = SendStatus.COMPLETED, timezone.now()
        send.save(update_fields=["status", "finished_at", "updated_at"])
        return 0
    suppressed = set(
        Suppression.objects.filter(email__in=[d.email for d in batch]).values_list(
            "email", flat=True
        )
    )
    wanted = [
        d
        for d in batch
        if d.subscription.status == SubscriptionStatus.ACTIVE and d.email not in suppressed
    ]
    messages = outbox.enqueue_rendered_many(
        [(d.email, {"delivery": d.pk}) for d in wanted], renderer=RENDERER
    )
    now = timezone.now()
    for delivery, message in zip(wanted, messages, strict=True):
        delivery.status, delivery.message, delivery.queued_at = DeliveryStatus.QUEUED, message, now
    for delivery in batch:
        if delivery.status == DeliveryStatus.WAITING:
            delivery.status = DeliveryStatus.SKIPPED
    Delivery.objects.bulk_update(batch, ["status", "message", "queued_at"], batch_size=500)
    return len(batch)


def queue_allowance(send: Send) -> int:
    """Queue what the publication's rate still allows in the last minute (a rolling window, so
    starting, resuming and the scheduler together never exceed it). Returns how many were handled."""
    rate = max(send.issue.publication.send_rate_per_minute, 1)
    recent = Delivery.objects.filter(
        send=send, queued_at__gte=timezone.now() - timedelta(minutes=1)
    ).count()
    allowance = rate - recent
    handled = 0
    while handled < allowance:
        n = queue_batch(send.pk, min(BATCH_SIZE, allowance - handled))
        if n == 0:
            break
        handled += n
    return handled


def queue_due_batches() -> dict[str, int]:
    handled = {}
    for send in Send.objects.filter(status=SendStatus.SENDING).select_related("issue__publication"):
        handled[str(send.pk)] = queue_allowance(send)
    return handled


@transaction.atomic
def send_pause(*, actor: Actor, send: Send) -> Send:
    send = Send.objects.select_for_update().select_related("issue__publication").get(pk=send.pk)
    _require_editor(actor, send.issue)
    if send.status != SendStatus.SENDING:
        raise ApplicationError("wrong_state", "Only a send in progress can be paused.", status=409)
    send.status = SendStatus.PAUSED
    send.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="newsletter.send.paused", obj=send.issue)
    return send


@transaction.atomic
def send_resume(*, actor: Actor, send: Send) -> Send:
    send = Send.objects.select_for_update().select_related("issue__publication").get(pk=send.pk)
    _require_editor(actor, send.issue)
    if send.status != SendStatus.PAUSED:
        raise ApplicationError("wrong_state", "Only a paused send can be resumed.", status=409)
    send.status = SendStatus.SENDING
    send.save(update_fields=["status", "updated_at"])
    # Copies that waited while paused are due again now (the outbox sweeper sends them).
    OutboxMessage.objects.filter(delivery__send=send, status=OutboxMessage.Status.PENDING).update(
        next_attempt_at=timezone.now()
    )
    audit.record(actor=actor, action="newsletter.send.resumed", obj=send.issue)
    transaction.on_commit(lambda: _kick(send.pk))
    return send


def progress(send: Send) -> dict[str, int]:
    """Counts for the progress page: sent, pending (waiting or queued), failed, not sent."""
    counts = {"sent": 0, "pending": 0, "failed": 0, "not_sent": 0}
    rows = (
        Delivery.objects.filter(send=send)
        .values("status", "message__status")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in rows:
        status, message_status, n = row["status"], row["message__status"], row["n"]
        if status == DeliveryStatus.SKIPPED or message_status == OutboxMessage.Status.CANCELLED:
            counts["not_sent"] += n
        elif message_status == OutboxMessage.Status.SENT:
            counts["sent"] += n
        elif message_status == OutboxMessage.Status.FAILED:
            counts["failed"] += n
        else:
            counts["pending"] += n
    counts["total"] = send.recipients
    done = counts["sent"] + counts["failed"] + counts["not_sent"]
    counts["percent"] = int(100 * done / send.recipients) if send.recipients else 100
    return counts


# --- Building each copy at send time ----------------------------------------------------------


@functools.lru_cache(maxsize=4)
def _edition(issue_id: int, version: str) -> editions.EmailEdition:
    # `version` (the issue's last change) is part of the key so a corrected issue is re-rendered.
    issue = Issue.objects.select_related("publication__network").get(pk=issue_id)
    return editions.email_edition(issue)


@outbox.renderer(RENDERER)
def render_copy(message: OutboxMessage) -> outbox.Rendered | None:
    # One query: the delivery, its subscription and issue, and whether the address is suppressed
    # now (checked at the moment of sending, not only when the batch was queued).
    delivery = (
        Delivery.objects.select_related("subscription", "send__issue")
        .annotate(suppressed=Exists(Suppression.objects.filter(email=OuterRef("email"))))
        .filter(pk=message.payload.get("delivery"))
        .first()
    )
    if delivery is None or delivery.subscription.status != SubscriptionStatus.ACTIVE:
        return None
    if delivery.suppressed:
        return None
    if delivery.send.status == SendStatus.PAUSED:
        # Copies already handed to the outbox wait too; they go when the send is resumed.
        raise outbox.Defer(PAUSED_RETRY)
    issue = delivery.send.issue
    edition = _edition(issue.pk, issue.updated_at.isoformat())
    token = services.unsubscribe_token(delivery.subscription)
    unsubscribe_url = settings.SITE_URL + reverse("newsletter:unsubscribe", args=[token])
    preferences_url = settings.SITE_URL + reverse(
        "newsletter:preferences", args=[services.preferences_token(delivery.subscription)]
    )

    def personal(text: str) -> str:
        return text.replace(editions.UNSUBSCRIBE_MARK, unsubscribe_url).replace(
            editions.PREFERENCES_MARK, preferences_url
        )

    return outbox.Rendered(
        subject=edition.subject,
        body_text=personal(edition.text),
        body_html=personal(edition.html),
        headers={
            # RFC 8058 one-click unsubscribe: mail programs POST to this address.
            "List-Unsubscribe": f"<{unsubscribe_url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "List-Id": f"<newsletter-{issue.publication_id}.recoverynet>",
            "Precedence": "bulk",
            "Auto-Submitted": "auto-generated",
        },
    )
