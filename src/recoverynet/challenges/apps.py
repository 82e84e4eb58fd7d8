from django.apps import AppConfig


class ChallengesConfig(AppConfig):
    name = "recoverynet.challenges"
    label = "challenges"
    verbose_name = "The Ten Organisational Challenges"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import jobs  # noqa: F401  (registers the overdue-action reminders)
        from .demo import load_demo

        demo.register("Self-assessments", 30, load_demo)
