"""Check the personal-data map: every field of every installed model declared or marked not
personal (docs/personal-data-format.md). Exits 1 with the problems."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from recoverynet.core.privacy.check import problems


class Command(BaseCommand):
    help = "Check that every model field is in the personal-data map."

    def handle(self, *args: Any, **options: Any) -> None:
        found = problems()
        if found:
            raise CommandError("\n".join(found))
        self.stdout.write("The personal-data map covers every field.")
