"""Check that a backup restores: `recoverynet backup_check backup.dump --media /path/to/media`.
Restores the dump into a fresh scratch database, applies migrations, re-applies recorded erasures,
checks the stored files, then drops the scratch database (docs/deployment.md, "Backups")."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from recoverynet.core.privacy import restore


class Command(BaseCommand):
    help = "Restore a pg_dump file into a fresh database and check it (PostgreSQL only)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("dump", type=Path, help="A pg_dump --format=custom file.")
        parser.add_argument("--media", type=Path, help="The restored media folder to check.")
        parser.add_argument("--keep", action="store_true", help="Keep the scratch database.")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            report = restore.check(
                options["dump"],
                media=options["media"],
                keep=options["keep"],
                say=self.stdout.write,
            )
        except restore.RestoreCheckFailed as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"The backup restores. Scratch database: {report.database}.")
