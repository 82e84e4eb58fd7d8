"""Handing committed e-mail to the mail worker with one task row for many transactions.

Each transaction that queues e-mail used to add one task row after commit (`send_outbox_messages`
with its message ids): on the booking API that insert was about a tenth of a booking's server time
(issue #17). With the shared cache (Redis), a transaction instead appends its ids to a Redis list
and adds a task only if none is waiting already:

- a producer: RPUSH its ids, then SET the "a task is queued" flag if absent (NX); only the one that
  set it queues `send_ready_outbox_messages`;
- the task: DELETE the flag first, then take the list's ids (read and trim in one MULTI).

A producer whose ids the task has already taken finds the flag gone and queues the next task; one
whose push came after the task took the list also sets the flag afresh. So no id is left behind
with no task coming. If Redis loses the list, or a worker dies holding ids, the messages are still
pending rows: the outbox sweeper (`core.flush_outbox`, every minute) sends them, and `deliver`
sends a message once however many times it is asked. Without Redis, each transaction queues its own
task, as before.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

READY = "recoverynet:outbox:ready"
QUEUED = "recoverynet:outbox:task-queued"
BATCH = 500  # ids one task sends; more are left for the task it queues next
FLAG_SECONDS = 300  # a flag whose task never ran stops holding others back after this


def _redis() -> Any:
    from .redis_cache import default_redis_client

    return default_redis_client()


def hand_over(message_ids: list[int]) -> None:
    """After commit: make sure a task will send these messages."""
    from . import outbox

    client = _redis()
    if client is None:
        outbox._schedule(*message_ids)
        return
    try:
        pipe = client.pipeline(transaction=False)
        pipe.rpush(READY, *message_ids)
        pipe.set(QUEUED, 1, nx=True, ex=FLAG_SECONDS)
        _, queued_now = pipe.execute()
    except Exception:
        log.exception("Could not hand messages %s to Redis; queueing a task", message_ids)
        outbox._schedule(*message_ids)
        return
    if queued_now:
        _queue_task(client)


def _queue_task(client: Any) -> None:
    from .tasks import send_ready_outbox_messages

    try:
        send_ready_outbox_messages.enqueue()
    except Exception:  # the sweeper sends them; let the next producer try again
        client.delete(QUEUED)
        log.exception("Could not queue the outbox task; the sweeper will send the messages")


def send_ready() -> list[str]:
    """The task: send the ids handed over since the last one ran."""
    from . import outbox

    client = _redis()
    if client is None:
        return []
    client.delete(QUEUED)
    pipe = client.pipeline(transaction=True)
    pipe.lrange(READY, 0, BATCH - 1)
    pipe.ltrim(READY, BATCH, -1)
    raw, _ = pipe.execute()
    ids = list(dict.fromkeys(int(i) for i in raw))
    if len(raw) == BATCH and client.set(QUEUED, 1, nx=True, ex=FLAG_SECONDS):
        _queue_task(client)  # more are waiting
    return outbox.deliver_many(ids)
