"""Named queues: every task and periodic job names one; the scheduler queues jobs on their queue;
a worker takes only its queue's tasks and stops after --max-tasks."""

import datetime
from typing import Any

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks.exceptions import InvalidTaskError
from django_tasks_db.models import DBTaskResult

from recoverynet.core import queues, scheduling
from recoverynet.core.tasks import flush_outbox, run_periodic_job, send_outbox_messages
from recoverynet.newsletter.jobs import queue_send_batches
from recoverynet.webhooks.tasks import send_deliveries


def test_each_task_names_its_queue() -> None:
    assert send_outbox_messages.queue_name == queues.MAIL
    assert flush_outbox.queue_name == queues.MAIL
    assert queue_send_batches.queue_name == queues.MAIL
    assert run_periodic_job.queue_name == queues.DEFAULT
    assert send_deliveries.queue_name == queues.WEBHOOKS


def test_each_periodic_job_names_a_known_queue() -> None:
    assert scheduling.job_queue("core.flush_outbox") == queues.MAIL
    assert scheduling.job_queue("core.retention_purge") == queues.RETENTION
    assert scheduling.job_queue("events.reminders") == queues.DEFAULT
    assert scheduling.job_queue("webhooks.send_due") == queues.WEBHOOKS
    assert {scheduling.job_queue(name) for name in scheduling._JOBS} <= set(queues.ALL)


def test_a_periodic_job_on_an_unknown_queue_is_refused() -> None:
    with pytest.raises(ValueError, match="Unknown queue 'slow'"):
        scheduling.periodic("x.y", queue="slow")


def test_a_task_on_an_unknown_queue_is_refused(queued: None) -> None:
    with pytest.raises(InvalidTaskError, match="slow"):
        flush_outbox.using(queue_name="slow")


@pytest.mark.django_db
def test_the_scheduler_queues_each_job_on_its_queue_once(queued: None) -> None:
    call_command("scheduler", "--once")
    rows = {
        row.args_kwargs["args"][0]: row.queue_name
        for row in DBTaskResult.objects.filter(task_path=run_periodic_job.module_path)
    }
    assert rows["core.retention_purge"] == queues.RETENTION
    assert rows["core.flush_outbox"] == queues.MAIL
    assert rows["events.reminders"] == queues.DEFAULT
    assert set(rows) == set(scheduling._JOBS)

    # A job still waiting (a slow or stopped worker) is not queued a second time.
    call_command("scheduler", "--once")
    assert DBTaskResult.objects.count() == len(scheduling._JOBS)


@pytest.mark.django_db
def test_a_job_left_running_by_a_killed_worker_is_queued_again(queued: None) -> None:
    call_command("scheduler", "--once")
    row = DBTaskResult.objects.get(args_kwargs__args=["core.flush_outbox"])
    row.claim("killed-worker")  # RUNNING, and its worker is gone
    call_command("scheduler", "--once")
    assert DBTaskResult.objects.count() == len(scheduling._JOBS)  # still running: not again

    DBTaskResult.objects.filter(pk=row.pk).update(
        started_at=timezone.now() - scheduling.ABANDONED_AFTER - datetime.timedelta(seconds=1)
    )
    call_command("scheduler", "--once")
    again = DBTaskResult.objects.filter(args_kwargs__args=["core.flush_outbox"])
    assert sorted(again.values_list("status", flat=True)) == ["READY", "RUNNING"]


@pytest.mark.django_db
def test_the_outbox_sweeper_is_queued_again_after_two_minutes_other_jobs_after_thirty(
    queued: None,
) -> None:
    """Messages a killed mail worker took from the Redis hand-over wait for the sweeper (the
    failover drill lost one for half an hour when the killed worker held the sweeper's run)."""
    call_command("scheduler", "--once")
    rows = {
        name: DBTaskResult.objects.get(args_kwargs__args=[name])
        for name in ("core.flush_outbox", "core.retention_purge")
    }
    for row in rows.values():
        row.claim("killed-worker")
    three_minutes_ago = timezone.now() - datetime.timedelta(minutes=3)
    DBTaskResult.objects.filter(pk__in=[r.pk for r in rows.values()]).update(
        started_at=three_minutes_ago
    )
    call_command("scheduler", "--once")
    statuses = {
        name: sorted(
            DBTaskResult.objects.filter(args_kwargs__args=[name]).values_list("status", flat=True)
        )
        for name in rows
    }
    assert statuses == {
        "core.flush_outbox": ["READY", "RUNNING"],
        "core.retention_purge": ["RUNNING"],
    }


@pytest.mark.django_db
def test_the_scheduler_runs_jobs_itself_without_the_database_queues() -> None:
    call_command("scheduler", "--once")
    assert not DBTaskResult.objects.exists()


@pytest.mark.django_db(transaction=True)
def test_a_worker_takes_only_its_queue_and_stops_after_max_tasks(queued: None) -> None:
    for _ in range(3):
        flush_outbox.enqueue()
    run_periodic_job.using(queue_name=queues.RETENTION).enqueue("core.retention_purge")

    call_command(
        "db_worker",
        "--queue-name=mail",
        "--max-tasks=2",
        "--interval=0",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )

    by_status: dict[tuple[str, str], int] = {}
    for row in DBTaskResult.objects.all():
        key = (row.queue_name, row.status)
        by_status[key] = by_status.get(key, 0) + 1
    assert by_status == {("mail", "SUCCESSFUL"): 2, ("mail", "READY"): 1, ("retention", "READY"): 1}


@pytest.mark.django_db(transaction=True)
def test_a_queued_periodic_job_runs_on_its_worker(queued: None, monkeypatch: Any) -> None:
    ran: list[str] = []
    monkeypatch.setitem(scheduling._JOBS, "core.retention_purge", lambda: ran.append("purged") or 1)
    run_periodic_job.using(queue_name=queues.RETENTION).enqueue("core.retention_purge")
    call_command(
        "db_worker",
        "--queue-name=retention",
        "--batch",
        "--interval=0",
        "--no-startup-delay",
        "--no-reload",
        verbosity=0,
    )
    assert ran == ["purged"]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"
