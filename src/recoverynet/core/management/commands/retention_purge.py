"""Apply the approved retention rules of the personal-data map now, or show what a run would
change (`--dry-run`). The scheduler runs the purge daily on the `retention` queue."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from recoverynet.core.privacy import purge


class Command(BaseCommand):
    help = "Apply the personal-data map's approved retention rules (or --dry-run to count)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--dry-run", action="store_true", help="Only count, change nothing.")

    def handle(self, *args: Any, **options: Any) -> None:
        if options["dry_run"]:
            for p in purge.dry_run():
                state = "approved" if p.approved else "WAITING FOR APPROVAL"
                self.stdout.write(f"{p.rule.key}: {p.count} due ({state})")
            return
        run = purge.run()
        for key, n in run.counts.items():
            self.stdout.write(f"{key}: {n} changed")
        for key in run.waiting:
            self.stdout.write(f"{key}: not run, waiting for approval")
