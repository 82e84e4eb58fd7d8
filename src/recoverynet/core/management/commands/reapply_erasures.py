"""Apply every recorded erasure again: run this after restoring a backup (docs/deployment.md).
Reads the erasure records kept in the stored files (`erasures/`, newer than any database backup)
and in the database."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand

from recoverynet.core.privacy import erasure


class Command(BaseCommand):
    help = "Re-apply every recorded erasure (after restoring a backup)."

    def handle(self, *args: Any, **options: Any) -> None:
        result = erasure.reapply()
        self.stdout.write(
            f"Re-applied {result['reapplied']} erasure(s); "
            f"{result['missing']} account(s) not in this database."
        )
