"""`recoverynet worker`: supervised db_worker processes, replaced after --max-tasks tasks."""

import sys
import time
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from recoverynet.core.workers import Child, Supervisor, db_worker_argv


def _child(name: str, code: str) -> Child:
    return Child(name=name, argv=lambda generation: [sys.executable, "-c", code])


def _until(predicate: Any, supervisor: Supervisor, seconds: float = 10.0) -> None:
    deadline = time.monotonic() + seconds
    while not predicate() and time.monotonic() < deadline:
        supervisor.poll_once()
        time.sleep(0.05)


def test_a_worker_that_finished_its_tasks_is_replaced_at_once() -> None:
    recycled = _child("mail#1", "pass")
    supervisor = Supervisor([recycled], crash_pause=60)
    _until(lambda: len(recycled.starts) >= 2, supervisor)
    supervisor.shutdown()
    assert recycled.starts[:2] == [0, 0]
    assert recycled.generation >= 3


def test_a_crashed_worker_is_started_again_after_a_pause() -> None:
    crashing = _child("documents#1", "raise SystemExit(3)")
    supervisor = Supervisor([crashing], crash_pause=60)
    _until(lambda: crashing.starts, supervisor)
    supervisor.poll_once()
    supervisor.shutdown()
    assert crashing.starts == [3]
    assert crashing.generation == 1  # not restarted in a tight loop


def test_stopping_the_supervisor_stops_its_workers() -> None:
    sleeper = _child("retention#1", "import time; time.sleep(60)")
    supervisor = Supervisor([sleeper])
    supervisor.poll_once()
    assert sleeper.process is not None
    process = sleeper.process
    started = time.monotonic()
    supervisor.stop()
    supervisor.run(tick=0)
    assert process.poll() is not None
    assert time.monotonic() - started < 10


def test_each_worker_gets_its_queue_a_task_limit_and_a_unique_id() -> None:
    argv = db_worker_argv("mail", max_tasks=200, interval=0.5)
    first, second = argv(1), argv(2)
    assert first[3:] == [
        "db_worker",
        "--queue-name",
        "mail",
        "--max-tasks",
        "200",
        "--interval",
        "0.5",
        "--worker-id",
        first[11],
        "--no-reload",
    ]
    assert first[11] != second[11]
    assert len(first[11]) <= 64


def test_the_worker_command_refuses_an_unknown_queue(settings: Any) -> None:
    settings.TASKS_MODE = "database"
    with pytest.raises(CommandError, match="Unknown queue slow"):
        call_command("worker", "--queue", "slow")


def test_the_worker_command_needs_the_database_backend() -> None:
    with pytest.raises(CommandError, match="RECOVERYNET_TASKS=database"):
        call_command("worker", "--queue", "mail")
