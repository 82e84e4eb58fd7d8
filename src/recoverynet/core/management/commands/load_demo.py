from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from recoverynet.core.demo import loaders


class Command(BaseCommand):
    help = "Load the demo networks, organisations, people, events and bookings. Safe to run again."

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            for loader in loaders():
                created = loader.load()
                summary = ", ".join(f"{n} {k}" for k, n in created.items())
                self.stdout.write(
                    self.style.SUCCESS(f"{loader.name}: ready (new this run: {summary}).")
                )
        self.stdout.write("\nDemo sign-ins (email, password, who they are):")
        for loader in loaders():
            for email, password, description in loader.logins() if loader.logins else []:
                self.stdout.write(f"  {email:<45} {password}   {description}")
        for loader in loaders():
            if loader.notes:
                self.stdout.write("\n" + loader.notes)
