"""Outbox e-mail. Services call `enqueue`; the message is stored with the transaction and handed to a
task after commit. Sending failures are retried with exponential backoff; nothing is ever dropped.
"""

from __future__ import annotations

import base64
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives, get_connection
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from . import recipients
from .models import OutboxMessage, new_message_id

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)


@dataclass(frozen=True)
class Rendered:
    """A message built at send time (see `enqueue_rendered`)."""

    subject: str
    body_text: str
    body_html: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    attachments: list[tuple[str, str, bytes]] = field(default_factory=list)


@dataclass(frozen=True)
class Mail:
    """One message to one person, for `enqueue_all`."""

    to: str
    subject: str
    body_text: str
    body_html: str = ""
    attachments: list[tuple[str, str, bytes]] | None = None
    headers: dict[str, str] | None = None


class Defer(Exception):
    """Raised by a renderer when the message must wait (e.g. its newsletter send is paused): it stays
    pending, is tried again after `delay`, and the attempt is not counted."""

    def __init__(self, delay: timedelta = timedelta(minutes=1)) -> None:
        super().__init__(f"deferred for {delay}")
        self.delay = delay


# name → function(message) returning the message to send, or None if it is no longer wanted
# (for example the person unsubscribed after it was queued).
_RENDERERS: dict[str, Callable[[OutboxMessage], Rendered | None]] = {}


def renderer(
    name: str,
) -> Callable[
    [Callable[[OutboxMessage], Rendered | None]], Callable[[OutboxMessage], Rendered | None]
]:
    def register(
        func: Callable[[OutboxMessage], Rendered | None],
    ) -> Callable[[OutboxMessage], Rendered | None]:
        _RENDERERS[name] = func
        return func

    return register


def enqueue(
    *,
    to: list[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: list[tuple[str, str, bytes]] | None = None,
    headers: dict[str, str] | None = None,
    one_party: bool = False,
) -> OutboxMessage:
    """Store a message and schedule its sending once the surrounding transaction commits.

    One message goes to one person: more than one address is refused unless the caller says they
    are one party (`one_party=True`, e.g. one person's two addresses). To tell several people the
    same thing, use `enqueue_each`."""
    mail = Mail("", subject, body_text, body_html, attachments, headers)  # `to` is checked below
    message = _message(mail, recipients.for_one_message(to, one_party=one_party))
    message.save()
    _schedule_on_commit([message.pk])
    return message


def enqueue_each(
    *,
    to: Iterable[str],
    subject: str,
    body_text: str,
    body_html: str = "",
    attachments: list[tuple[str, str, bytes]] | None = None,
    headers: dict[str, str] | None = None,
) -> list[OutboxMessage]:
    """The same message to each address, as a separate message each (nobody sees anyone else's
    address). Addresses are de-duplicated, case-insensitively; none at all sends nothing."""
    return enqueue_all(
        Mail(address, subject, body_text, body_html, attachments, headers)
        for address in recipients.distinct(to)
    )


def enqueue_all(mails: Iterable[Mail]) -> list[OutboxMessage]:
    """Several messages, one recipient each (e.g. a booker's confirmation and each delegate's),
    in one insert with one sending task however many there are."""
    messages = [
        _message(mail, recipients.for_one_message([mail.to], one_party=False)) for mail in mails
    ]
    created = OutboxMessage.objects.bulk_create(messages) if messages else []
    _schedule_on_commit([m.pk for m in created])
    return created


def enqueue_rendered(
    *, to: str, renderer: str, payload: dict[str, Any], subject: str = ""
) -> OutboxMessage:
    """Store a small row whose body a registered renderer builds at send time. Bulk mail (the
    newsletter) uses this: 50,000 copies of an issue would otherwise be 50,000 stored bodies."""
    (message,) = enqueue_rendered_many([(to, payload)], renderer=renderer, subject=subject)
    return message


def enqueue_rendered_many(
    items: list[tuple[str, dict[str, Any]]],
    *,
    renderer: str,
    subject: str = "",
    subjects: list[str] | None = None,
) -> list[OutboxMessage]:
    """`enqueue_rendered` for many recipients in one insert: (address, payload) pairs, one
    address each; `subjects`, when given, one per item instead of the one `subject`."""
    if renderer not in _RENDERERS:
        raise ValueError(f"No outbox renderer called {renderer!r}.")
    now = timezone.now()
    messages = OutboxMessage.objects.bulk_create(
        [
            OutboxMessage(
                to=recipients.for_one_message([to], one_party=False),
                subject=item_subject[:300],
                body_text="",
                renderer=renderer,
                payload=payload,
                next_attempt_at=now,
            )
            for (to, payload), item_subject in zip(
                items, subjects if subjects is not None else [subject] * len(items), strict=True
            )
        ]
    )
    _schedule_on_commit([m.pk for m in messages])
    return messages


def _message(mail: Mail, to: list[str]) -> OutboxMessage:
    """An unsaved row (its Message-ID is fixed now, by the field's default)."""
    if not mail.body_text.strip():
        raise ValueError("Every message has a plain-text part.")
    recipients.check_headers(mail.headers or {})
    return OutboxMessage(
        to=to,
        subject=mail.subject[:300],
        body_text=mail.body_text,
        body_html=mail.body_html,
        attachments=[
            {
                "filename": name,
                "content_type": ctype,
                "content_b64": base64.b64encode(data).decode(),
            }
            for name, ctype, data in (mail.attachments or [])
        ],
        headers=mail.headers or {},
        next_attempt_at=timezone.now(),
    )


def _schedule_on_commit(message_ids: list[int]) -> None:
    if message_ids:
        _pending().extend(message_ids)
        transaction.on_commit(_schedule_pending)


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
    """Runs after commit once per enqueue call; the first run takes the whole batch."""
    pending = _pending()
    ids, pending[:] = list(dict.fromkeys(pending)), []
    if ids:
        from .outbox_handover import hand_over

        hand_over(ids)


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


def _build(message: OutboxMessage, connection: Any) -> EmailMultiAlternatives | None:
    subject, body_text, body_html, headers = (
        message.subject,
        message.body_text,
        message.body_html,
        message.headers,
    )
    if message.renderer:
        render = _RENDERERS.get(message.renderer)
        if render is None:
            raise LookupError(f"No outbox renderer called {message.renderer!r}.")
        rendered = render(message)
        if rendered is None:
            return None
        subject, body_text, body_html = rendered.subject, rendered.body_text, rendered.body_html
        recipients.check_headers(rendered.headers)
        headers = {**headers, **rendered.headers}
        extra = rendered.attachments
    else:
        extra = []
    # The same Message-ID on every attempt: a copy sent again (after a crash between the mail
    # server accepting it and the row being marked sent) is recognisably the same message.
    headers = {**headers, "Message-ID": message.message_id}
    email = EmailMultiAlternatives(
        # One line, whatever a title contained: a line break in a subject is refused by Django's
        # mail code (header injection), which would fail every retry of the message.
        subject=" ".join(subject.split()),
        body=body_text,
        from_email=settings.DEFAULT_FROM_EMAIL,
        to=message.to,
        headers=headers,
        connection=connection,
    )
    if body_html:
        email.attach_alternative(body_html, "text/html")
    for item in message.attachments:
        email.attach(item["filename"], base64.b64decode(item["content_b64"]), item["content_type"])
    for name, content_type, data in extra:
        email.attach(name, data, content_type)
    return email


def preview(message: OutboxMessage) -> EmailMultiAlternatives | None:
    """The e-mail as it would be sent now (None if its renderer no longer wants it), unsent."""
    return _build(message, None)


def deliver(message_id: int, connection: Any = None) -> str:
    """Try to send one message. Returns its status afterwards. Pass an open `connection` to send
    many messages over one SMTP session.

    Calling it twice, or from two workers at once, sends once: the row is locked for the attempt
    and must still be pending. Delivery is at least once, not exactly once: if the worker dies
    after the mail server accepted the message but before the row is committed as sent (or the
    server accepted it but the reply was lost), the next attempt sends it again. Every attempt
    carries the row's one Message-ID, so mail programs can tell the copies are the same message."""
    with transaction.atomic():
        message = (
            OutboxMessage.objects.select_for_update()
            .filter(pk=message_id, status=OutboxMessage.Status.PENDING)
            .first()
        )
        if message is None:
            return "skipped"
        message.attempts += 1
        if not message.message_id:  # only rows queued before Message-IDs were stored
            message.message_id = new_message_id()
        try:
            email = _build(message, connection)
            if email is None:
                message.status = OutboxMessage.Status.CANCELLED
                message.next_attempt_at = None
                message.save(update_fields=["status", "next_attempt_at", "attempts", "message_id"])
                return message.status
            email.send(fail_silently=False)
        except Defer as wait:
            message.attempts -= 1
            message.next_attempt_at = timezone.now() + wait.delay
            message.save(update_fields=["attempts", "next_attempt_at", "message_id"])
            return message.status
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
            if connection is not None:
                # A failed SMTP conversation may leave the session unusable; start afresh.
                connection.close()
        else:
            message.status = OutboxMessage.Status.SENT
            message.sent_at = timezone.now()
            message.next_attempt_at = None
            message.last_error = ""
        message.save(
            update_fields=[
                "status",
                "attempts",
                "last_error",
                "next_attempt_at",
                "sent_at",
                "message_id",
            ]
        )
        return message.status


def deliver_many(message_ids: list[int]) -> list[str]:
    """Send several messages over one connection (one SMTP session instead of one per message)."""
    if not message_ids:
        return []
    connection = get_connection(fail_silently=False)
    statuses = []
    try:
        for message_id in message_ids:
            try:
                # Opened here so the backend keeps the session for the next message (it closes
                # sessions it opened itself). A failure to connect is recorded by `deliver`.
                connection.open()
            except Exception:
                log.warning("Could not open a mail connection; sending will retry it")
            statuses.append(deliver(message_id, connection))
    finally:
        connection.close()
    return statuses


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
    for status in deliver_many(due_message_ids(limit)):
        counts[status] = counts.get(status, 0) + 1
    return counts


def retry_failed(message_id: int) -> OutboxMessage:
    """Staff action: put a message that gave up back in the queue (with its own Message-ID)."""
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message_id)
        message.status = OutboxMessage.Status.PENDING
        message.attempts = 0
        message.next_attempt_at = timezone.now()
        message.message_id = message.message_id or new_message_id()
        message.save(update_fields=["status", "attempts", "next_attempt_at", "message_id"])
    transaction.on_commit(lambda: _schedule(message_id))
    return message
