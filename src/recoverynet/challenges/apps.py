from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "recoverynet.challenges"
    label = "challenges"
    verbose_name = "The Ten Organisational Challenges"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers the rater reminders)
            plan_links,
        )
        from .demo import load_demo

        plan_links.register()

        demo.register("Self-assessments", 30, load_demo)

        from . import slots

        slots.register()  # this app's links and sections in the shared pages
