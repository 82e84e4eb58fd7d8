"""Background tasks of the shared kernel."""

from __future__ import annotations

from django_tasks import task

from . import outbox


@task()
def send_outbox_message(message_id: int) -> str:
    """Send one outbox message. A failure is recorded on the message and retried by the sweeper."""
    return outbox.deliver(message_id)


@task()
def flush_outbox() -> dict[str, int]:
    """Send everything due, including retries after backoff. Run every minute by the scheduler."""
    return outbox.flush_due()
