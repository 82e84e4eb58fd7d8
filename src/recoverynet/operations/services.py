"""Writes for the queue page: retry a failed task."""

from __future__ import annotations

import uuid
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django_tasks_db.models import DBTaskResult, get_date_max

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError

from .access import can_see_queues


@transaction.atomic
def task_retry(*, actor: Actor, task_id: uuid.UUID) -> DBTaskResult[..., Any]:
    """Put a failed task back on its queue to run now. The same row is reused (its id stays in any
    links and logs); the failure it replaces is kept in the audit log. Retrying a task that is not
    failed (already retried, or never failed) is refused, so a double click queues it once."""
    if not can_see_queues(actor):
        raise PermissionDenied("Only the network team can retry background tasks.")
    task = DBTaskResult.objects.select_for_update().filter(pk=task_id).first()
    if task is None:
        raise ApplicationError("not_found", "There is no such task.", status=404)
    if task.status != "FAILED":
        raise ApplicationError(
            "not_failed",
            "Only a failed task can be tried again. This one is not failed.",
            status=409,
        )
    failure = {
        "exception": task.exception_class_path,
        "finished_at": task.finished_at.isoformat() if task.finished_at else None,
    }
    task.status = "READY"
    task.run_after = get_date_max()  # django-tasks' "run as soon as possible"
    task.started_at = None
    task.finished_at = None
    task.exception_class_path = ""
    task.traceback = ""
    task.return_value = None
    task.save(
        update_fields=[
            "status",
            "run_after",
            "started_at",
            "finished_at",
            "exception_class_path",
            "traceback",
            "return_value",
        ]
    )
    audit.record(
        actor=actor,
        action="operations.task.retried",
        obj=task,
        changes={"queue": task.queue_name, "task": task.task_path, **failure},
        label=f"{task.task_path} on {task.queue_name}",
    )
    return task
