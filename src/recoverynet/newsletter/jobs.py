"""Background work for the newsletter: each minute, every send in progress queues its allowance."""

from __future__ import annotations

from django_tasks import task

from recoverynet.core import queues
from recoverynet.core.scheduling import periodic


@periodic("newsletter.send_batches", queue=queues.MAIL)
def _send_batches() -> dict[str, int]:
    from .sending import queue_due_batches

    return queue_due_batches()


@task(queue_name=queues.MAIL)
def queue_send_batches(send_id: int) -> int:
    """Queue one minute's allowance for a send now (used when a send starts or resumes)."""
    from .models import Send
    from .sending import queue_allowance

    send = Send.objects.select_related("issue__publication").filter(pk=send_id).first()
    return queue_allowance(send) if send else 0
