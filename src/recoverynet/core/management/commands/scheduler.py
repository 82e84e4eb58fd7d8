"""`recoverynet scheduler`: runs the periodic jobs (outbox retries, data purges) every minute.

Run one scheduler beside the `db_worker` processes (docs/deployment.md). `--once` runs each job once,
for cron or tests.
"""

from __future__ import annotations

import time
from typing import Any

from django.core.management.base import BaseCommand

from recoverynet.core.scheduling import run_periodic_jobs


class Command(BaseCommand):
    help = "Run the periodic jobs (outbox retries, retention purges) every minute."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("--once", action="store_true", help="Run every job once and exit.")
        parser.add_argument("--interval", type=int, default=60, help="Seconds between rounds.")

    def handle(self, *args: Any, once: bool, interval: int, **options: Any) -> None:
        while True:
            for name, result in run_periodic_jobs():
                self.stdout.write(f"{name}: {result}")
            if once:
                return
            time.sleep(interval)
