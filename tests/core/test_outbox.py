from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import transaction
from django.utils import timezone

from recoverynet.core import outbox
from recoverynet.core.models import OutboxMessage
from recoverynet.core.scheduling import run_periodic_jobs

pytestmark = pytest.mark.django_db


def test_message_is_sent_after_commit_with_plain_text_and_html():
    with transaction.atomic():
        message = outbox.enqueue(
            to=["a@example.org"], subject="Hello", body_text="Hi", body_html="<p>Hi</p>"
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits
    # pytest-django wraps the test in a transaction; run the on_commit hooks explicitly.
    message.refresh_from_db()
    if message.status == OutboxMessage.Status.PENDING:
        outbox.deliver(message.pk)
        message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1
    sent = mail.outbox[0]
    assert sent.body == "Hi"
    assert sent.alternatives[0][1] == "text/html"


def test_rolled_back_transaction_sends_nothing_and_stores_nothing():
    def enqueue_then_fail():
        with transaction.atomic():
            outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
            raise RuntimeError("boom")

    with pytest.raises(RuntimeError):
        enqueue_then_fail()
    assert OutboxMessage.objects.count() == 0
    assert mail.outbox == []


def test_failed_send_is_kept_and_retried_with_backoff():
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("SMTP down")
    ):
        assert outbox.deliver(message.pk) == OutboxMessage.Status.PENDING
    message.refresh_from_db()
    assert message.attempts == 1
    assert "SMTP down" in message.last_error
    assert message.next_attempt_at > timezone.now()
    # Not due yet: the sweeper leaves it alone.
    assert message.pk not in outbox.due_message_ids()
    OutboxMessage.objects.filter(pk=message.pk).update(
        next_attempt_at=timezone.now() - timedelta(seconds=1)
    )
    results = dict(run_periodic_jobs())
    assert results["core.flush_outbox"] == {"sent": 1}
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT
    assert len(mail.outbox) == 1


def test_gives_up_after_max_attempts_but_never_deletes(settings):
    settings.OUTBOX_MAX_ATTEMPTS = 2
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    with mock.patch("django.core.mail.EmailMultiAlternatives.send", side_effect=OSError("down")):
        outbox.deliver(message.pk)
        OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.FAILED
    outbox.retry_failed(message.pk)
    outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.SENT


def test_sending_twice_does_not_send_twice():
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    outbox.deliver(message.pk)
    assert outbox.deliver(message.pk) == "skipped"
    assert len(mail.outbox) <= 1


def test_queue_down_does_not_break_the_request():
    broken = mock.Mock()
    broken.enqueue.side_effect = ConnectionError("no queue")
    with mock.patch("recoverynet.core.tasks.send_outbox_messages", broken):
        with transaction.atomic():
            message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
        outbox._schedule(message.pk)  # what on_commit runs; must swallow the error
    assert OutboxMessage.objects.filter(pk=message.pk).exists()


def test_backoff_grows_and_is_capped():
    assert outbox.backoff(1) == timedelta(minutes=1)
    assert outbox.backoff(3) == timedelta(minutes=4)
    assert outbox.backoff(30) == outbox.MAX_BACKOFF


def test_attachments_round_trip():
    message = outbox.enqueue(
        to=["a@example.org"],
        subject="Event",
        body_text="See attached",
        attachments=[("event.ics", "text/calendar", b"BEGIN:VCALENDAR")],
    )
    outbox.deliver(message.pk)
    assert mail.outbox[-1].attachments[0][0] == "event.ics"


def test_requires_recipient_and_plain_text():
    with pytest.raises(ValueError, match="recipient"):
        outbox.enqueue(to=[], subject="x", body_text="y")
    with pytest.raises(ValueError, match="plain-text"):
        outbox.enqueue(to=["a@example.org"], subject="x", body_text=" ")


def test_one_task_sends_every_message_of_a_transaction():
    outbox._pending().clear()  # earlier tests' transactions never commit, so never took theirs
    sent_batches = []
    recorder = mock.Mock()
    recorder.enqueue.side_effect = lambda ids: sent_batches.append(ids)
    with mock.patch("recoverynet.core.tasks.send_outbox_messages", recorder):
        with transaction.atomic():
            first = outbox.enqueue(to=["a@example.org"], subject="One", body_text="1")
            second = outbox.enqueue(to=["b@example.org"], subject="Two", body_text="2")
        # pytest-django's test transaction never commits; run what commit would run (twice: one
        # callback per message, the second finds nothing left to do).
        outbox._schedule_pending()
        outbox._schedule_pending()
    assert sent_batches == [[first.pk, second.pk]]


@outbox.renderer("tests.greeting")
def _greeting(message):
    name = message.payload.get("name")
    if name is None:
        return None  # no longer wanted
    return outbox.Rendered(
        subject=f"Hello {name}",
        body_text=f"Hi {name}",
        body_html=f"<p>Hi {name}</p>",
        headers={"List-Unsubscribe": "<https://example.org/u/1/>"},
    )


def test_rendered_messages_are_built_when_sent():
    message = outbox.enqueue_rendered(
        to="a@example.org", renderer="tests.greeting", payload={"name": "Ann"}
    )
    assert message.body_text == ""  # nothing stored but the payload
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    (sent,) = mail.outbox
    assert sent.subject == "Hello Ann" and sent.body == "Hi Ann"
    assert sent.extra_headers["List-Unsubscribe"] == "<https://example.org/u/1/>"


def test_a_rendered_message_no_longer_wanted_is_cancelled_not_sent():
    (message,) = outbox.enqueue_rendered_many([("a@example.org", {})], renderer="tests.greeting")
    assert outbox.deliver(message.pk) == OutboxMessage.Status.CANCELLED
    assert mail.outbox == []
    assert outbox.deliver(message.pk) == "skipped"


def test_an_unknown_renderer_is_refused_when_queued():
    with pytest.raises(ValueError, match="No outbox renderer"):
        outbox.enqueue_rendered(to="a@example.org", renderer="nope", payload={})
    assert not OutboxMessage.objects.exists()


def test_a_batch_is_sent_over_one_connection():
    from django.core.mail.backends.locmem import EmailBackend

    messages = outbox.enqueue_rendered_many(
        [(f"p{i}@example.org", {"name": str(i)}) for i in range(5)], renderer="tests.greeting"
    )
    connections = mock.Mock(side_effect=lambda **kw: EmailBackend())
    with mock.patch("recoverynet.core.outbox.get_connection", connections):
        statuses = outbox.deliver_many([m.pk for m in messages])
    assert statuses == [OutboxMessage.Status.SENT] * 5
    assert len(mail.outbox) == 5
    assert connections.call_count == 1
