"""Background tasks of the shared kernel. Each names its queue (core/queues.py)."""

from __future__ import annotations

from typing import Any

from django_tasks import task

from . import outbox, queues


@task(queue_name=queues.MAIL)
def send_outbox_messages(message_ids: list[int]) -> list[str]:
    """Send the messages one transaction wrote. Each failure is recorded on its message and retried
    by the sweeper; one failing message does not stop the others."""
    return outbox.deliver_many(message_ids)


@task(queue_name=queues.MAIL)
def send_ready_outbox_messages() -> list[str]:
    """Send the messages handed over through Redis since the last run (core/outbox_handover.py)."""
    from .outbox_handover import send_ready

    return send_ready()


@task(queue_name=queues.MAIL)
def flush_outbox() -> dict[str, int]:
    """Send everything due, including retries after backoff. Run every minute by the scheduler."""
    return outbox.flush_due()


@task()
def run_periodic_job(name: str) -> Any:
    """One periodic job, queued by the scheduler on the job's own queue (`core.scheduling`)."""
    from .scheduling import run_job

    return run_job(name)


@task(queue_name=queues.DOCUMENTS)
def build_data_export(export_id: int) -> str:
    """Prepare one person's "Download my data" files (core/privacy/export.py)."""
    from .privacy.export import build

    return build(export_id)
