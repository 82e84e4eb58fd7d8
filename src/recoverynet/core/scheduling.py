"""Periodic jobs. Apps register a callable with `periodic`; the scheduler command runs them all.

Kept as plain functions (not cron strings) because every job here is "catch up on whatever is due",
which is safe to run as often as we like.

Each job names a queue (core/queues.py). With the database task backend the scheduler only queues
each job as a task on its queue (`enqueue_periodic_jobs`), so the work runs on that queue's workers
and the scheduler stays light; a job already waiting or running is not queued twice.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterator
from datetime import timedelta
from typing import Any

from django.db.models import Q
from django.utils import timezone

from . import queues

log = logging.getLogger(__name__)

ABANDONED_AFTER = timedelta(minutes=30)

_JOBS: dict[str, Callable[[], Any]] = {}
_QUEUES: dict[str, str] = {}


def periodic(
    name: str, *, queue: str = queues.DEFAULT
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    if queue not in queues.ALL:
        raise ValueError(f"Unknown queue {queue!r} for periodic job {name!r}.")

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        _JOBS[name] = func
        _QUEUES[name] = queue
        return func

    return register


def job_queue(name: str) -> str:
    return _QUEUES[name]


def run_job(name: str) -> Any:
    return _JOBS[name]()


def run_periodic_jobs() -> Iterator[tuple[str, Any]]:
    for name, job in sorted(_JOBS.items()):
        try:
            yield name, job()
        except Exception as exc:  # one failing job must not stop the others
            log.exception("Periodic job %s failed", name)
            yield name, f"failed: {exc}"


def enqueue_periodic_jobs() -> Iterator[tuple[str, str]]:
    """Queue each job on its queue unless one is already waiting or running (a slow worker must
    not end up with a backlog of the same catch-up job)."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import run_periodic_job

    # A row left RUNNING by a worker that was killed is never finished by django-tasks; after
    # ABANDONED_AFTER it no longer counts, or its job would never be queued again.
    recent = timezone.now() - ABANDONED_AFTER
    waiting = (
        DBTaskResult.objects.filter(task_path=run_periodic_job.module_path)
        .filter(Q(status="READY") | Q(status="RUNNING", started_at__gte=recent))
        .values_list("args_kwargs", flat=True)
    )
    busy_names = {(args.get("args") or [None])[0] for args in waiting if isinstance(args, dict)}
    for name in sorted(_JOBS):
        if name in busy_names:
            yield name, "already queued"
            continue
        try:
            run_periodic_job.using(queue_name=_QUEUES[name]).enqueue(name)
        except Exception as exc:  # the queue being down for one job must not stop the others
            log.exception("Could not queue periodic job %s", name)
            yield name, f"failed: {exc}"
        else:
            yield name, f"queued on {_QUEUES[name]}"


@periodic("core.flush_outbox", queue=queues.MAIL)
def _flush_outbox() -> dict[str, int]:
    from .outbox import flush_due

    return flush_due()


@periodic("core.retention_purge", queue=queues.RETENTION)
def _retention_purge() -> dict[str, int] | str:
    """Daily: apply every approved rule of the personal-data map (core/privacy/purge.py)."""
    from .privacy.purge import run_daily

    return run_daily()
