from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "recoverynet.plans"
    label = "plans"
    verbose_name = "Action plans"

    def ready(self) -> None:
        # Demo plans are made by the apps they come from (challenges' rounds, events' learning days).
        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers the overdue-action reminders)
        )
