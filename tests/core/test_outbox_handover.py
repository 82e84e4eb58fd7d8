"""With Redis, transactions hand their e-mail to one waiting task instead of a task row each
(core/outbox_handover.py), and no message is ever left with no task coming for it."""

from __future__ import annotations

import os
from typing import Any
from unittest import mock

import pytest
from django.core import mail
from django.core.cache import cache

from recoverynet.core import outbox, outbox_handover
from recoverynet.core.models import OutboxMessage

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.skipif(
        not os.environ.get("REDIS_URL"), reason="needs Redis (CI's PostgreSQL run sets REDIS_URL)"
    ),
]


@pytest.fixture
def queued() -> Any:
    """Record the tasks queued instead of running them."""
    tasks: list[int] = []
    recorder = mock.Mock()
    recorder.enqueue.side_effect = lambda: tasks.append(1)
    with mock.patch("recoverynet.core.tasks.send_ready_outbox_messages", recorder):
        yield tasks


def _message(n: int) -> OutboxMessage:
    return outbox._message(
        outbox.Mail(f"p{n}@example.org", f"Hello {n}", "Hi"), [f"p{n}@example.org"]
    )


def _saved(n: int) -> list[int]:
    return [m.pk for m in OutboxMessage.objects.bulk_create([_message(i) for i in range(n)])]


def test_many_transactions_share_one_waiting_task(queued: list[int]) -> None:
    ids = _saved(3)
    for message_id in ids:
        outbox_handover.hand_over([message_id])  # three commits
    assert len(queued) == 1
    assert outbox_handover.send_ready() == ["sent", "sent", "sent"]
    assert sorted(m.to[0] for m in mail.outbox) == [
        "p0@example.org",
        "p1@example.org",
        "p2@example.org",
    ]
    outbox_handover.hand_over(_saved(1))  # the task has run: the next commit queues another
    assert len(queued) == 2


def test_ids_handed_over_while_the_task_runs_get_a_task_of_their_own(queued: list[int]) -> None:
    first, second = _saved(2)
    outbox_handover.hand_over([first])
    client = outbox_handover._redis()
    # The task has started (its first step clears the flag) but not yet taken the list...
    client.delete(outbox_handover.QUEUED)
    outbox_handover.hand_over([second])
    assert len(queued) == 2  # ...so this commit queues the next task
    assert outbox_handover.send_ready() == ["sent", "sent"]
    assert outbox_handover.send_ready() == []  # the second task finds nothing left: harmless


def test_a_long_list_is_sent_in_batches_each_queueing_the_next(queued: list[int]) -> None:
    ids = _saved(5)
    with mock.patch.object(outbox_handover, "BATCH", 2):
        outbox_handover.hand_over(ids)
        assert len(queued) == 1
        assert len(outbox_handover.send_ready()) == 2
        assert len(queued) == 2  # more were waiting
        assert len(outbox_handover.send_ready()) == 2
        assert len(outbox_handover.send_ready()) == 1
    assert len(mail.outbox) == 5


def test_when_redis_fails_the_transaction_queues_its_own_task() -> None:
    ids = _saved(1)
    broken = mock.Mock()
    broken.pipeline.side_effect = ConnectionError("Redis is down")
    recorder = mock.Mock()
    with (
        mock.patch.object(outbox_handover, "_redis", return_value=broken),
        mock.patch("recoverynet.core.tasks.send_outbox_messages", recorder),
    ):
        outbox_handover.hand_over(ids)
    recorder.enqueue.assert_called_once_with(ids)


def test_a_booking_s_mail_is_sent_through_the_handover(world: Any) -> None:
    # End to end in the tests' immediate task mode: commit, hand over, the task runs at once.
    cache.clear()
    outbox.enqueue_each(to=["x@example.org", "y@example.org"], subject="Both", body_text="Hi")
    outbox._schedule_pending()
    assert sorted(m.to[0] for m in mail.outbox) == ["x@example.org", "y@example.org"]
    assert not outbox_handover._redis().exists(outbox_handover.QUEUED)
