"""Background tasks of the shared kernel."""

from __future__ import annotations

from django_tasks import task

from . import outbox


@task()
def send_outbox_messages(message_ids: list[int]) -> list[str]:
    """Send the messages one transaction wrote. Each failure is recorded on its message and retried
    by the sweeper; one failing message does not stop the others."""
    return outbox.deliver_many(message_ids)


@task()
def flush_outbox() -> dict[str, int]:
    """Send everything due, including retries after backoff. Run every minute by the scheduler."""
    return outbox.flush_due()
