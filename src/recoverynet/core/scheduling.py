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
_ABANDONED: dict[str, timedelta] = {}


def periodic(
    name: str, *, queue: str = queues.DEFAULT, abandoned_after: timedelta = ABANDONED_AFTER
) -> Callable[[Callable[[], Any]], Callable[[], Any]]:
    """Register a job. `abandoned_after`: how long a run may stay RUNNING before the scheduler
    takes its worker for dead and queues the job again (a job that is safe to run twice at once
    and others wait on can say less than the default)."""
    if queue not in queues.ALL:
        raise ValueError(f"Unknown queue {queue!r} for periodic job {name!r}.")

    def register(func: Callable[[], Any]) -> Callable[[], Any]:
        _JOBS[name] = func
        _QUEUES[name] = queue
        _ABANDONED[name] = abandoned_after
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


def _longest_wait() -> timedelta:
    return max([ABANDONED_AFTER, *_ABANDONED.values()])


def enqueue_periodic_jobs() -> Iterator[tuple[str, str]]:
    """Queue each job on its queue unless one is already waiting or running (a slow worker must
    not end up with a backlog of the same catch-up job)."""
    from django_tasks_db.models import DBTaskResult

    from .tasks import run_periodic_job

    # A row left RUNNING by a worker that was killed is never finished by django-tasks; after the
    # job's `abandoned_after` it no longer counts, or its job would never be queued again.
    now = timezone.now()
    waiting = (
        DBTaskResult.objects.filter(task_path=run_periodic_job.module_path)
        .filter(Q(status="READY") | Q(status="RUNNING", started_at__gte=now - _longest_wait()))
        .values_list("args_kwargs", "status", "started_at")
    )
    busy_names: set[str] = set()
    for args, status, started_at in waiting:
        name = str((args.get("args") or [""])[0]) if isinstance(args, dict) else ""
        abandoned = now - _ABANDONED.get(name, ABANDONED_AFTER)
        if status == "READY" or (started_at is not None and started_at >= abandoned):
            busy_names.add(name)
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


# Messages a killed mail worker had taken from the Redis hand-over wait for this sweeper, so it may
# not wait the default half hour behind a run that worker had claimed. Two sweeps at once send
# each message once: `deliver` locks its row and needs it still pending.
@periodic("core.flush_outbox", queue=queues.MAIL, abandoned_after=timedelta(minutes=2))
def _flush_outbox() -> dict[str, int]:
    from .outbox import flush_due

    return flush_due()


@periodic("core.retention_purge", queue=queues.RETENTION)
def _retention_purge() -> dict[str, int] | str:
    """Daily: apply every approved rule of the personal-data map (core/privacy/purge.py)."""
    from .privacy.purge import run_daily

    return run_daily()
