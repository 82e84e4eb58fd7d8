"""`recoverynet worker --queue mail [--queue documents | --queue all] [--max-tasks 500]`: supervised
`db_worker` processes, one per queue (or `--processes` each), recycled after `--max-tasks` tasks."""

from __future__ import annotations

import signal
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from recoverynet.core import queues
from recoverynet.core.workers import Child, Supervisor, db_worker_argv


class Command(BaseCommand):
    help = "Run db_worker processes for the named queues, each recycled after --max-tasks tasks."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument(
            "--queue",
            action="append",
            default=[],
            help=f"A queue to work on (repeat it), or 'all'. One of: {', '.join(queues.ALL)}.",
        )
        parser.add_argument("--processes", type=int, default=1, help="Workers for each queue.")
        parser.add_argument(
            "--max-tasks", type=int, default=500, help="Tasks a worker runs before it is replaced."
        )
        parser.add_argument("--interval", type=float, default=1.0, help="Seconds between polls.")

    def handle(
        self,
        *args: Any,
        queue: list[str],
        processes: int,
        max_tasks: int,
        interval: float,
        **options: Any,
    ) -> None:
        names = list(queues.ALL) if not queue or "all" in queue else queue
        unknown = [name for name in names if name not in queues.ALL]
        if unknown:
            raise CommandError(
                f"Unknown queue {', '.join(unknown)}. Use one of: {', '.join(queues.ALL)}."
            )
        if settings.TASKS_MODE != "database":
            raise CommandError(
                "Workers need the database task backend: set RECOVERYNET_TASKS=database."
            )
        if processes < 1 or max_tasks < 1:
            raise CommandError("--processes and --max-tasks must be at least 1.")
        children = [
            Child(
                name=f"{name}#{n}",
                argv=db_worker_argv(name, max_tasks=max_tasks, interval=interval),
            )
            for name in names
            for n in range(1, processes + 1)
        ]
        supervisor = Supervisor(children)
        signal.signal(signal.SIGTERM, supervisor.stop)
        signal.signal(signal.SIGINT, supervisor.stop)
        self.stdout.write(
            f"Workers for {', '.join(names)}: {processes} each, replaced after {max_tasks} tasks."
        )
        supervisor.run()
