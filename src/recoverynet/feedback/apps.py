from django.apps import AppConfig


class FeedbackConfig(AppConfig):
    name = "recoverynet.feedback"
    label = "feedback"
    verbose_name = "Feedback and debates"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers invitations after an event and retention)
        )
        from .demo import load_demo

        demo.register("Feedback and debates", 45, load_demo)

        from . import slots

        slots.register()
