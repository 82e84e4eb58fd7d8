from datetime import timedelta
from unittest import mock

import pytest
from django.core import mail
from django.core.mail import EmailMultiAlternatives
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
    # Without Redis (with it, transactions share tasks: tests/core/test_outbox_handover.py).
    with (
        mock.patch("recoverynet.core.outbox_handover._redis", return_value=None),
        mock.patch("recoverynet.core.tasks.send_outbox_messages", recorder),
    ):
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


# --- One message per recipient ------------------------------------------------------------------


def test_more_than_one_recipient_is_refused_unless_one_party():
    with pytest.raises(ValueError, match="one message each"):
        outbox.enqueue(to=["a@example.org", "b@example.org"], subject="x", body_text="y")
    with pytest.raises(ValueError, match="not one e-mail address"):
        outbox.enqueue(to=["a@example.org, b@example.org"], subject="x", body_text="y")
    with pytest.raises(ValueError, match="not one e-mail address"):
        outbox.enqueue_rendered(
            to="a@example.org; b@example.org", renderer="tests.greeting", payload={}
        )
    with pytest.raises(TypeError):
        outbox.enqueue(to="a@example.org", subject="x", body_text="y")  # type: ignore[arg-type]
    assert not OutboxMessage.objects.exists()
    # The same address twice is one person; a caller may say two addresses are one party.
    same = outbox.enqueue(to=["a@example.org", "A@Example.org "], subject="x", body_text="y")
    assert same.to == ["a@example.org"]
    both = outbox.enqueue(
        to=["a@example.org", "a@work.example.org"], subject="x", body_text="y", one_party=True
    )
    assert both.to == ["a@example.org", "a@work.example.org"]


@pytest.mark.parametrize("header", ["Cc", "bcc", "To", "Message-ID"])
def test_recipients_and_message_id_cannot_come_in_through_headers(header):
    with pytest.raises(ValueError, match="sets"):
        outbox.enqueue(
            to=["a@example.org"], subject="x", body_text="y", headers={header: "b@example.org"}
        )
    assert not OutboxMessage.objects.exists()


def test_enqueue_each_writes_one_message_per_person_in_one_insert(django_assert_num_queries):
    outbox._pending().clear()
    with django_assert_num_queries(1):
        messages = outbox.enqueue_each(
            to=["b@example.org", "a@example.org", "B@example.org", ""],
            subject="Hello",
            body_text="Hi",
            attachments=[("event.ics", "text/calendar", b"BEGIN:VCALENDAR")],
        )
    assert [m.to for m in messages] == [["b@example.org"], ["a@example.org"]]
    assert outbox._pending() == [m.pk for m in messages]  # one task will take them all
    assert len({m.message_id for m in messages}) == 2
    assert outbox.enqueue_each(to=[], subject="Hello", body_text="Hi") == []
    outbox.flush_due()
    assert sorted(m.to for m in mail.outbox) == [["a@example.org"], ["b@example.org"]]


# --- One Message-ID per message, on every attempt -------------------------------------------------


def _capture_then(captured, error=None):
    """A stand-in for `send` that records the Message-ID a real send would carry, then fails with
    `error` (or delivers to the test outbox)."""
    real_send = EmailMultiAlternatives.send

    def send(email, fail_silently=False):
        captured.append(email.message()["Message-ID"])
        result = real_send(email, fail_silently=fail_silently)
        if error is not None:
            raise error
        return result

    return send


def _refuse(captured):
    def send(email, fail_silently=False):
        captured.append(email.message()["Message-ID"])
        raise OSError("SMTP down")

    return send


def test_message_id_is_fixed_when_queued_under_the_sites_domain(settings):
    settings.SITE_URL = "https://recoverynet.example"
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    assert message.message_id.startswith("<") and message.message_id.endswith(
        "@recoverynet.example>"
    )
    stored = OutboxMessage.objects.get(pk=message.pk).message_id
    assert stored == message.message_id
    outbox.deliver(message.pk)
    assert mail.outbox[0].message()["Message-ID"] == stored


def test_message_id_is_the_same_after_a_failed_attempt_and_the_retry():
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    captured: list[str] = []
    with mock.patch.object(
        EmailMultiAlternatives, "send", autospec=True, side_effect=_refuse(captured)
    ):
        assert outbox.deliver(message.pk) == OutboxMessage.Status.PENDING
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    assert captured == [message.message_id]
    assert mail.outbox[-1].message()["Message-ID"] == message.message_id


class WorkerKilled(BaseException):
    """Like the process dying: not an `Exception`, so nothing in `deliver` catches it."""


def test_a_message_sent_again_after_a_crash_keeps_its_message_id():
    """The mail server accepted it, then the worker died before the row was marked sent: the next
    attempt sends it again (at least once, not exactly once), with the same Message-ID."""
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    captured: list[str] = []
    with (
        mock.patch.object(
            EmailMultiAlternatives,
            "send",
            autospec=True,
            side_effect=_capture_then(captured, WorkerKilled()),
        ),
        pytest.raises(WorkerKilled),
    ):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.status == OutboxMessage.Status.PENDING and message.attempts == 0
    assert outbox.deliver(message.pk) == OutboxMessage.Status.SENT
    first, second = mail.outbox
    assert first.message()["Message-ID"] == second.message()["Message-ID"] == message.message_id
    assert captured == [message.message_id]


def test_rendered_messages_keep_their_own_message_id_too():
    messages = outbox.enqueue_rendered_many(
        [("a@example.org", {"name": "Ann"}), ("b@example.org", {"name": "Bob"})],
        renderer="tests.greeting",
    )
    assert all(m.message_id for m in messages)
    assert messages[0].message_id != messages[1].message_id
    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=_refuse([])):
        outbox.deliver_many([m.pk for m in messages])
    OutboxMessage.objects.update(next_attempt_at=timezone.now())
    assert outbox.deliver_many([m.pk for m in messages]) == [OutboxMessage.Status.SENT] * 2
    assert [e.message()["Message-ID"] for e in mail.outbox] == [m.message_id for m in messages]


@outbox.renderer("tests.sneaky")
def _sneaky(message):
    return outbox.Rendered(subject="Hi", body_text="Hi", headers={"Bcc": "spy@example.org"})


def test_a_renderer_cannot_add_recipients():
    message = outbox.enqueue_rendered(to="a@example.org", renderer="tests.sneaky", payload={})
    assert outbox.deliver(message.pk) == OutboxMessage.Status.PENDING
    message.refresh_from_db()
    assert "Bcc" in message.last_error and mail.outbox == []


def test_a_message_queued_before_message_ids_gets_one_that_it_keeps():
    message = outbox.enqueue(to=["a@example.org"], subject="Hello", body_text="Hi")
    OutboxMessage.objects.filter(pk=message.pk).update(message_id="")
    with mock.patch.object(EmailMultiAlternatives, "send", autospec=True, side_effect=_refuse([])):
        outbox.deliver(message.pk)
    message.refresh_from_db()
    assert message.message_id
    OutboxMessage.objects.filter(pk=message.pk).update(next_attempt_at=timezone.now())
    outbox.deliver(message.pk)
    assert mail.outbox[0].message()["Message-ID"] == message.message_id
