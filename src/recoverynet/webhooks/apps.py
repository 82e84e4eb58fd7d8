from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "recoverynet.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from recoverynet.core import domain_events

        from . import (
            jobs,  # noqa: F401  (registers the retry sweeper)
            slots,
        )
        from .deliveries import on_domain_event

        domain_events.subscribe_all(on_domain_event)
        slots.register()  # a "Webhooks" section on the Manage networks page

        from recoverynet.core import demo

        from .demo import load_demo

        # Last: no domain event of a later loader is delivered to the demo's endpoints.
        demo.register("Webhooks", 98, load_demo)
