from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "recoverynet.engagements"
    label = "engagements"
    verbose_name = "Consultancy engagements"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            feedback,
            occasions,
            plan_source,
            slots,
        )
        from .demo import load_demo

        plan_source.register()
        feedback.register()
        occasions.register()
        slots.register()
        demo.register("Engagements", 70, load_demo)
