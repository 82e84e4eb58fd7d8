"""Outbox e-mail. Services call `enqueue`; the message is stored with the transaction and handed to a
task after commit. Sending failures are retried with exponential backoff; nothing is ever dropped.
"""

from __future__ import annotations

import base64
import logging
from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .models import OutboxMessage

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


def enqueue(
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: list[tuple[str, str, bytes]] | None = None,
    headers: dict[str, str] | None = None,
) -> OutboxMessage:
    """Store a message and schedule its sending once the surrounding transaction commits."""
    if not to:
        raise ValueError("A message needs at least one recipient.")
    if not body_text.strip():
        raise ValueError("Every message has a plain-text part.")
    message = OutboxMessage.objects.create(
        to=list(to),
        subject=subject[:300],
        body_text=body_text,
        body_html=body_html,
        attachments=[
            {
                "filename": name,
                "content_type": ctype,
                "content_b64": base64.b64encode(data).decode(),
            }
            for name, ctype, data in (attachments or [])
        ],
        headers=headers or {},
        next_attempt_at=timezone.now(),
    )
    _pending().append(message.pk)
    transaction.on_commit(_schedule_pending)
    return message


def _pending() -> list[int]:
    """Messages written in the current transaction on this thread's connection, so one task sends
    them all after commit (a booking writes two or three e-mails; one queue row instead of three
    keeps the hot path short). Ids left by a rolled-back transaction are harmless: `deliver` skips
    messages that do not exist."""
    from django.db import connection

    pending: list[int] | None = getattr(connection, "_recoverynet_outbox_pending", None)
    if pending is None:
        pending = []
        connection._recoverynet_outbox_pending = pending  # type: ignore[attr-defined]
    return pending


def _schedule_pending() -> None:
    """Runs after commit once per enqueued message; the first run takes the whole batch."""
    pending = _pending()
    ids, pending[:] = list(dict.fromkeys(pending)), []
    if ids:
        _schedule(*ids)


def _schedule(*message_ids: int) -> None:
    # Import here: tasks import this module.
    from .tasks import send_outbox_messages

    try:
        send_outbox_messages.enqueue(list(message_ids))
    except Exception:  # the queue being down must never break the request; the sweeper retries
        log.exception(
            "Could not queue outbox messages %s; the sweeper will pick them up", message_ids
        )


def backoff(attempts: int) -> timedelta:
    """1, 2, 4, 8 … minutes, capped."""
    return min(timedelta(minutes=2 ** max(attempts - 1, 0)), MAX_BACKOFF)


def deliver(message_id: int) -> str:
    """Try to send one message. Returns its status afterwards. Safe to call twice (no double send)."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"
        email = EmailMultiAlternatives(
            subject=message.subject,
            body=message.body_text,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=message.to,
            headers=message.headers or None,
        )
        if message.body_html:
            email.attach_alternative(message.body_html, "text/html")
        for item in message.attachments:
            email.attach(
                item["filename"], base64.b64decode(item["content_b64"]), item["content_type"]
            )
        message.attempts += 1
        try:
            email.send(fail_silently=False)
        except Exception as exc:
            message.last_error = f"{type(exc).__name__}: {exc}"[:2000]
            if message.attempts >= settings.OUTBOX_MAX_ATTEMPTS:
                message.status = OutboxMessage.Status.FAILED
                message.next_attempt_at = None
                log.error("Giving up on outbox message %s: %s", message.pk, message.last_error)
            else:
                message.next_attempt_at = timezone.now() + backoff(message.attempts)
                log.warning(
                    "Outbox message %s failed; retry at %s", message.pk, message.next_attempt_at
                )
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.last_error = ""
        message.save()
        return message.status


def due_message_ids(limit: int = 500) -> list[int]:
    now = timezone.now()
    return list(
        OutboxMessage.objects.filter(status=OutboxMessage.Status.PENDING)
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def flush_due(limit: int = 500) -> dict[str, int]:
    """Send every message that is due (the sweeper). Returns counts by resulting status."""
    counts: dict[str, int] = {}
    for message_id in due_message_ids(limit):
        status = deliver(message_id)
        counts[status] = counts.get(status, 0) + 1
    return counts


def retry_failed(message_id: int) -> OutboxMessage:
    """Staff action: put a message that gave up back in the queue."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        message.status = OutboxMessage.Status.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.save(update_fields=["status", "attempts", "next_attempt_at"])
    transaction.on_commit(lambda: _schedule(message_id))
    return message
