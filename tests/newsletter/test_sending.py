"""Sending the e-mail edition: one copy each, suppression honoured at every step, throttled,
and an interrupted send resumes without anyone getting a second copy."""

from __future__ import annotations

import datetime
import threading
from collections import Counter
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.core.mail.backends.locmem import EmailBackend
from django.db import connection
from django.utils import timezone

from recoverynet.core import outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import OutboxMessage
from recoverynet.newsletter import selectors, sending, services
from recoverynet.newsletter.models import (
    Delivery,
    DeliveryStatus,
    Publication,
    Send,
    SendStatus,
    Subscription,
    SubscriptionStatus,
)

from .factories import publication_of, published_issue


def _subscribers(publication: Publication, n: int, prefix: str = "reader") -> list[Subscription]:
    return Subscription.objects.bulk_create(
        Subscription(
            publication=publication,
            email=f"{prefix}{i}@example.org",
            status=SubscriptionStatus.ACTIVE,
            confirmed_at=timezone.now(),
        )
        for i in range(n)
    )


def _copies() -> Counter[str]:
    return Counter(
        address
        for message in mail.outbox
        if message.subject.startswith("UK Network newsletter")
        for address in message.to
    )


@pytest.fixture
def issue(world: Any) -> Any:
    issue, _ = published_issue(
        world.staff_a, world.editor_uk, publication_of(world.uk), pseudonym="B", role="peer worker"
    )
    mail.outbox.clear()
    return issue


def test_everyone_subscribed_gets_exactly_one_copy(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    _subscribers(publication, 7)
    Subscription.objects.create(publication=publication, email="pending@example.org")
    Subscription.objects.create(
        publication=publication, email="left@example.org", status=SubscriptionStatus.UNSUBSCRIBED
    )
    Subscription.objects.create(
        publication=publication_of(world.ie), email="irish@example.org", status="active"
    )
    services.suppression_add(actor=world.editor_uk, email="reader3@example.org", reason="bounced")
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
    copies = _copies()
    assert sorted(copies) == sorted(f"reader{i}@example.org" for i in range(7) if i != 3)
    assert set(copies.values()) == {1}
    send.refresh_from_db()
    assert send.recipients == 6
    with django_capture_on_commit_callbacks(execute=True):
        sending.queue_due_batches()  # notices there is nothing left
    send.refresh_from_db()
    assert send.status == SendStatus.COMPLETED
    progress = sending.progress(send)
    assert progress["sent"] == 6 and progress["pending"] == 0 and progress["percent"] == 100


def test_each_copy_has_one_click_unsubscribe_and_no_tracking(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    (subscription,) = _subscribers(publication_of(world.uk), 1)
    with django_capture_on_commit_callbacks(execute=True):
        sending.send_start(actor=world.editor_uk, issue=issue)
    (message,) = [m for m in mail.outbox if m.to == [subscription.email]]
    token = services.unsubscribe_token(subscription)
    assert message.extra_headers["List-Unsubscribe"] == (
        f"<https://recoverynet.example/newsletter/unsubscribe/{token}/>"
    )
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    html = message.alternatives[0][0]
    assert f"/newsletter/unsubscribe/{token}/" in message.body
    assert f"/newsletter/unsubscribe/{token}/" in html
    assert "By B, peer worker" in message.body
    # No tracking: no images but the article's own, and links go straight to where they say.
    assert "<img" not in html
    assert "utm_" not in html and "utm_" not in message.body
    for person in (world.staff_a.full_name, world.staff_a.email):
        assert person not in html and person not in message.body


def _later(minutes: int) -> Any:
    """The clock a number of minutes (and a second) on: the throttle is a rolling minute."""
    return time_machine.travel(
        timezone.now() + datetime.timedelta(minutes=minutes, seconds=minutes), tick=False
    )


def test_a_send_is_throttled_per_minute(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    Publication.objects.filter(pk=publication.pk).update(send_rate_per_minute=3)
    _subscribers(publication, 8)
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
        sending.queue_due_batches()  # the scheduler in the same minute adds nothing
    assert sum(_copies().values()) == 3
    with _later(1), django_capture_on_commit_callbacks(execute=True):
        sending.queue_due_batches()
    assert sum(_copies().values()) == 6
    with _later(2), django_capture_on_commit_callbacks(execute=True):
        sending.queue_due_batches()
        sending.queue_due_batches()
    assert sorted(_copies().values()) == [1] * 8
    send.refresh_from_db()
    assert send.status == SendStatus.COMPLETED


def test_pausing_and_resuming_never_exceeds_the_rate(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any
) -> None:
    publication = publication_of(world.uk)
    Publication.objects.filter(pk=publication.pk).update(send_rate_per_minute=2)
    _subscribers(publication, 9)
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
        for _ in range(3):
            sending.send_pause(actor=world.editor_uk, send=send)
            sending.send_resume(actor=world.editor_uk, send=send)
    assert sum(_copies().values()) == 2


def test_an_interrupted_batch_leaves_nothing_half_done_and_resumes_without_repeats(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    publication = publication_of(world.uk)
    Publication.objects.filter(pk=publication.pk).update(send_rate_per_minute=4)
    _subscribers(publication, 10)
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
    assert sum(_copies().values()) == 4

    # The process dies half-way through writing the next batch (after the outbox rows).
    real = Delivery.objects.bulk_update

    def crash(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("killed")

    monkeypatch.setattr(Delivery.objects, "bulk_update", crash)
    with pytest.raises(RuntimeError), django_capture_on_commit_callbacks(execute=True):
        sending.queue_batch(send.pk, 4)
    monkeypatch.setattr(Delivery.objects, "bulk_update", real)
    assert Delivery.objects.filter(send=send, status=DeliveryStatus.WAITING).count() == 6
    assert OutboxMessage.objects.filter(renderer=sending.RENDERER).count() == 4

    for minute in (1, 2, 3):
        with _later(minute), django_capture_on_commit_callbacks(execute=True):
            sending.queue_due_batches()
    assert sorted(_copies().values()) == [1] * 10


class _FlakyBackend(EmailBackend):
    """Accepts a few messages, then the mail server goes away."""

    accepted = 0

    def send_messages(self, messages: Any) -> int:
        if any(m.subject.startswith("UK Network newsletter") for m in messages):
            if _FlakyBackend.accepted >= 3:
                raise ConnectionRefusedError("mail server down")
            _FlakyBackend.accepted += 1
        return super().send_messages(messages)


def test_a_mail_server_outage_mid_send_is_retried_without_repeats(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    _subscribers(publication_of(world.uk), 6)
    settings.EMAIL_BACKEND = f"{__name__}._FlakyBackend"
    _FlakyBackend.accepted = 0
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
    assert sum(_copies().values()) == 3
    assert sending.progress(send)["pending"] == 3
    # The server comes back; the sweeper sends what is due after the backoff.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    outbox.flush_due()
    assert sum(_copies().values()) == 3  # not due yet
    with time_machine.travel(timezone.now() + datetime.timedelta(minutes=5)):
        outbox.flush_due()
        outbox.flush_due()
    assert sorted(_copies().values()) == [1] * 6
    assert sending.progress(send)["sent"] == 6


def test_people_who_leave_after_a_copy_was_queued_are_not_sent_it(
    world: Any, issue: Any, django_capture_on_commit_callbacks: Any, settings: Any
) -> None:
    (first, second, third) = _subscribers(publication_of(world.uk), 3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
        sending.queue_batch(send.pk)
    services.unsubscribe(subscription=first, method="web page")
    services.suppression_add(actor=world.editor_uk, email=second.email, reason="complaint")
    outbox.flush_due()
    assert list(_copies()) == [third.email]
    progress = sending.progress(send)
    assert progress["sent"] == 1 and progress["not_sent"] == 2
    assert {
        d.email for d in selectors.deliveries(actor=world.editor_uk, send=send, status="not_sent")
    } == {
        first.email,
        second.email,
    }


def test_pause_and_resume(world: Any, issue: Any, django_capture_on_commit_callbacks: Any) -> None:
    publication = publication_of(world.uk)
    Publication.objects.filter(pk=publication.pk).update(send_rate_per_minute=2)
    _subscribers(publication, 5)
    with django_capture_on_commit_callbacks(execute=True):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
    sending.send_pause(actor=world.editor_uk, send=send)
    with _later(1), django_capture_on_commit_callbacks(execute=True):
        sending.queue_due_batches()
    assert sum(_copies().values()) == 2
    with _later(1), django_capture_on_commit_callbacks(execute=True):
        sending.send_resume(actor=world.editor_uk, send=send)
    assert sum(_copies().values()) == 4
    with _later(2), django_capture_on_commit_callbacks(execute=True):
        sending.queue_due_batches()
    assert sorted(_copies().values()) == [1] * 5
    with pytest.raises(ApplicationError):
        sending.send_resume(actor=world.editor_uk, send=send)


def test_pausing_holds_copies_already_in_the_outbox_until_resumed(
    world: Any, issue: Any, settings: Any
) -> None:
    _subscribers(publication_of(world.uk), 3)
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    send = sending.send_start(actor=world.editor_uk, issue=issue)
    sending.queue_batch(send.pk)
    sending.send_pause(actor=world.editor_uk, send=send)
    outbox.flush_due()
    assert sum(_copies().values()) == 0
    held = OutboxMessage.objects.filter(renderer=sending.RENDERER)
    assert set(held.values_list("status", "attempts")) == {("pending", 0)}
    sending.send_resume(actor=world.editor_uk, send=send)
    outbox.flush_due()
    assert sorted(_copies().values()) == [1] * 3


def test_sending_rules(world: Any, issue: Any) -> None:
    with pytest.raises(ApplicationError) as not_editor:
        sending.send_start(actor=world.consultant_uk, issue=issue)
    assert not_editor.value.status == 403
    sending.send_start(actor=world.editor_uk, issue=issue)
    with pytest.raises(ApplicationError) as twice:
        sending.send_start(actor=world.editor_uk, issue=issue)
    assert twice.value.status == 409
    draft_issue = services.issue_create(
        actor=world.editor_uk, publication=publication_of(world.uk), title="Not yet"
    )
    with pytest.raises(ApplicationError) as unpublished:
        sending.send_start(actor=world.editor_uk, issue=draft_issue)
    assert unpublished.value.status == 409
    assert Send.objects.count() == 1


def test_per_recipient_status_is_for_editors_only(world: Any, issue: Any) -> None:
    _subscribers(publication_of(world.uk), 2)
    send = sending.send_start(actor=world.editor_uk, issue=issue)
    assert selectors.deliveries(actor=world.editor_uk, send=send, status="pending").count() == 2
    with pytest.raises(ApplicationError):
        selectors.deliveries(actor=world.staff_a, send=send)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs real row locks")
@pytest.mark.django_db(transaction=True)
def test_two_workers_queueing_at_once_never_duplicate() -> None:
    from tests.conftest import build_world

    world = build_world()
    issue, _ = published_issue(world.staff_a, world.editor_uk, publication_of(world.uk))
    _subscribers(publication_of(world.uk), 300)
    from django.test import override_settings

    with override_settings(
        TASKS={"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}
    ):
        send = sending.send_start(actor=world.editor_uk, issue=issue)
        errors: list[BaseException] = []

        def worker() -> None:
            try:
                while sending.queue_batch(send.pk, 25):
                    pass
            except BaseException as exc:  # pragma: no cover - reported below
                errors.append(exc)
            finally:
                connection.close()

        threads = [threading.Thread(target=worker) for _ in range(4)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
    assert not errors
    assert Delivery.objects.filter(send=send, status=DeliveryStatus.QUEUED).count() == 300
    per_recipient = Counter(
        address
        for to in OutboxMessage.objects.filter(renderer=sending.RENDERER).values_list(
            "to", flat=True
        )
        for address in to
    )
    assert len(per_recipient) == 300 and set(per_recipient.values()) == {1}
