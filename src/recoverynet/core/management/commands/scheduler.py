"""`recoverynet scheduler`: runs the periodic jobs (outbox retries, data purges) every minute.

Run one scheduler beside the `db_worker` processes (docs/deployment.md). With the database task
backend (`RECOVERYNET_TASKS=database`) each round queues every job on its own queue for the workers;
otherwise, or with `--inline`, it runs the jobs itself. `--once` does one round, for cron or tests.
"""

from __future__ import annotations

import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from recoverynet.core.scheduling import enqueue_periodic_jobs, run_periodic_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs (outbox retries, retention purges) every minute."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds.")
        parser.add_argument(
            "--inline",
            action="store_true",
            help="Run the jobs in this process even when tasks go to the database queues.",
        )

    def handle(self, *args: Any, once: bool, interval: int, inline: bool, **options: Any) -> None:
        queued = settings.TASKS_MODE == "database" and not inline
        while True:
            rounds = enqueue_periodic_jobs() if queued else run_periodic_jobs()
            for name, result in rounds:
                self.stdout.write(f"{name}: {result}")
            if once:
                return
            time.sleep(interval)
