"""Demo background queues: one failed task, so the queue page shows a failure and "Try again".
The mail queue's outbox flush could not reach the mail server; trying it again only sends what the
outbox still holds (with the demo's settings, to the console). Written as a row, as the worker
would have left it: with tasks run straight away (the demo's default) nothing is ever queued.
Idempotent."""

from __future__ import annotations

import datetime
import uuid

from django.utils import timezone
from django_tasks_db.models import DBTaskResult, get_date_max

# The same row on every run (retrying it keeps its id), so a second run adds nothing.
DEMO_TASK_ID = uuid.UUID("6d656d6f-0000-4000-8000-000000000001")
TASK = "recoverynet.core.tasks.flush_outbox"
ERROR = "builtins.ConnectionRefusedError"
TRACEBACK = (
    "Traceback (most recent call last):\n"
    '  File "recoverynet/core/tasks.py", in flush_outbox\n'
    "ConnectionRefusedError: [Errno 111] Connection refused (the mail server was down)\n"
)


def load_demo() -> dict[str, int]:
    if DBTaskResult.objects.filter(pk=DEMO_TASK_ID).exists():
        return {"failed tasks": 0}
    failed_at = timezone.now() - datetime.timedelta(minutes=40)
    DBTaskResult.objects.create(
        id=DEMO_TASK_ID,
        status="FAILED",
        started_at=failed_at - datetime.timedelta(seconds=2),
        finished_at=failed_at,
        args_kwargs={"args": [], "kwargs": {}},
        task_path=TASK,
        queue_name="mail",
        backend_name="default",
        run_after=get_date_max(),
        exception_class_path=ERROR,
        traceback=TRACEBACK,
    )
    return {"failed tasks": 1}
