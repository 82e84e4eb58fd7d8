from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _install_builtin(**kwargs: Any) -> None:
    """The shipped definitions (structure and scoring, no wording) are stored after `migrate`."""
    from .services import instruments_install_builtin

    instruments_install_builtin()


class OutcomesConfig(AppConfig):
    name = "recoverynet.outcomes"
    label = "outcomes"
    verbose_name = "Outcome questionnaires"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers the reminders and the retention purge)
            slots,
            sources,
        )
        from .demo import load_demo

        sources.register_builtin()
        slots.register()
        demo.register("Outcome questionnaires", 70, load_demo)
        post_migrate.connect(_install_builtin, sender=self, dispatch_uid="outcomes.builtin")
