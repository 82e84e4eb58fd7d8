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

        from django.db.models.signals import post_delete, post_save

        from .reference import PARTS, frameworks_changed

        # Signals, not the services alone: frameworks are installed by a command and the admin.
        for model in PARTS:
            uid = f"challenges-frameworks-{model.__name__}"
            post_save.connect(frameworks_changed, sender=model, dispatch_uid=uid)
            post_delete.connect(frameworks_changed, sender=model, dispatch_uid=uid + "-del")

        demo.register("Self-assessments", 30, load_demo)

        from . import slots

        slots.register()  # this app's links and sections in the shared pages
