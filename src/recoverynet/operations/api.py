"""The background queues over HTTP, for the network team and administrators (as the queue page):
each queue's depth, oldest waiting task and failures, the failed tasks, and "try again"."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core import queues
from recoverynet.core.api import Mapped, PageNumber, errors
from recoverynet.core.errors import ApplicationError

from . import selectors, services

router = Router(tags=["operations"])


class QueueOut(Schema):
    name: str = Field(description="mail, webhooks, documents, retention or default.")
    waiting: int = Field(description="Tasks due now that no worker has picked up yet (the depth).")
    scheduled: int = Field(description="Tasks waiting for a later time.")
    running: int
    failed: int = Field(description="Tasks that failed and have not been tried again.")
    oldest_waiting_since: datetime.datetime | None = Field(
        description="When the oldest task due now was queued; null when nothing is waiting."
    )
    oldest_wait_seconds: int | None = Field(
        description="How long the oldest task due now has waited, in seconds."
    )


class TaskOut(Schema):
    id: UUID
    queue: str
    task: str = Field(description="The task's dotted path.")
    status: str = Field(description="READY, RUNNING, FAILED or SUCCESSFUL.")
    enqueued_at: datetime.datetime
    finished_at: datetime.datetime | None
    error: str = Field(description="The exception's class path, for a failed task.")


class FailedFilter(Schema):
    queue: str = Field("", description="Only this queue's failed tasks.", max_length=32)


def _task_out(task: Any) -> dict[str, Any]:
    return {
        "id": task.id,
        "queue": task.queue_name,
        "task": task.task_path,
        "status": task.status,
        "enqueued_at": task.enqueued_at,
        "finished_at": task.finished_at,
        "error": task.exception_class_path,
    }


@router.get(
    "/queues",
    response=list[QueueOut],
    auth=api_auth,
    summary="Each background queue's depth, oldest waiting task and failures (network team)",
)
def queue_list(request: HttpRequest) -> Any:
    return [
        {
            "name": s.name,
            "waiting": s.waiting,
            "scheduled": s.scheduled,
            "running": s.running,
            "failed": s.failed,
            "oldest_waiting_since": s.oldest_waiting,
            "oldest_wait_seconds": s.oldest_wait_seconds,
        }
        for s in selectors.queue_summaries(actor=request.user)
    ]


@router.get(
    "/queues/failed",
    response=list[TaskOut],
    auth=api_auth,
    summary="Failed tasks, newest first (network team)",
)
@paginate(PageNumber)
def failed_list(request: HttpRequest, filters: Query[FailedFilter]) -> Any:
    queue = filters.queue.strip()
    if queue and queue not in queues.ALL:
        raise ApplicationError(
            "invalid",
            f"queue must be one of {', '.join(queues.ALL)}.",
            field="queue",
            status=422,
        )
    tasks = selectors.failed_tasks(actor=request.user, queue=queue or None)
    return Mapped(tasks, _task_out)


@router.post(
    "/queues/tasks/{task_id}/retry",
    response={200: TaskOut, **errors(409)},
    auth=api_auth,
    summary="Put a failed task back on its queue to run now (network team)",
)
def task_retry(request: HttpRequest, task_id: UUID) -> Any:
    return _task_out(services.task_retry(actor=request.user, task_id=task_id))
