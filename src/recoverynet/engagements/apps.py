from django.apps import AppConfig


class EngagementsConfig(AppConfig):
    name = "recoverynet.engagements"
    label = "engagements"
    verbose_name = "Consultancy engagements"

    def ready(self) -> None:
        from recoverynet.core import demo
        from recoverynet.core import domain_events as events
        from recoverynet.feedback.domain_events import FORM_CLOSED

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            feedback,
            jobs,  # noqa: F401  (registers the periodic jobs)
            occasions,
            plan_source,
            slots,
        )
        from .demo import load_demo
        from .services.pooled_feedback import on_form_closed

        plan_source.register()
        feedback.register()
        occasions.register()
        slots.register()
        events.subscribe(FORM_CLOSED.name, on_form_closed)
        demo.register("Engagements", 70, load_demo)
