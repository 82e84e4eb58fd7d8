"""Reads for the queue page: each named queue's depth, oldest waiting task and failures."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Min, Q, QuerySet
from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

from recoverynet.accounts.actors import Actor
from recoverynet.core import queues

from .access import can_see_queues

READY, RUNNING, FAILED = "READY", "RUNNING", "FAILED"


@dataclass(frozen=True)
class QueueSummary:
    name: str
    waiting: int  # due now, not yet picked up
    scheduled: int  # waiting for a later time (run_after)
    running: int
    failed: int
    oldest_waiting: datetime | None

    @property
    def oldest_wait_seconds(self) -> int | None:
        if self.oldest_waiting is None:
            return None
        return max(int((timezone.now() - self.oldest_waiting).total_seconds()), 0)


def _check(actor: Actor | None) -> None:
    if not can_see_queues(actor):
        raise PermissionDenied("Only the network team can see the background queues.")


def queue_summaries(*, actor: Actor | None) -> list[QueueSummary]:
    """One row per named queue (and any other queue name found in the table), in one query."""
    _check(actor)
    now, no_time = timezone.now(), get_date_max()  # django-tasks stores "no time set" as year 9999
    due = Q(status=READY) & (Q(run_after__lte=now) | Q(run_after=no_time))
    rows = {
        row["queue_name"]: row
        for row in DBTaskResult.objects.values("queue_name").annotate(
            waiting=Count("id", filter=due),
            scheduled=Count(
                "id", filter=Q(status=READY, run_after__gt=now) & ~Q(run_after=no_time)
            ),
            running=Count("id", filter=Q(status=RUNNING)),
            failed=Count("id", filter=Q(status=FAILED)),
            oldest_waiting=Min("enqueued_at", filter=due),
        )
    }
    names = list(queues.ALL) + sorted(set(rows) - set(queues.ALL))
    summaries = []
    for name in names:
        row: dict[str, Any] = dict(rows.get(name, {}))
        summaries.append(
            QueueSummary(
                name=name,
                waiting=row.get("waiting", 0),
                scheduled=row.get("scheduled", 0),
                running=row.get("running", 0),
                failed=row.get("failed", 0),
                oldest_waiting=row.get("oldest_waiting"),
            )
        )
    return summaries


def failed_tasks(
    *, actor: Actor | None, queue: str | None = None
) -> QuerySet[DBTaskResult[..., Any]]:
    """Failed tasks, newest first (paginate the result)."""
    _check(actor)
    tasks = DBTaskResult.objects.filter(status=FAILED).defer("traceback", "return_value")
    if queue:
        tasks = tasks.filter(queue_name=queue)
    return tasks.order_by("-finished_at", "-enqueued_at")
