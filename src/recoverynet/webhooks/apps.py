from django.apps import AppConfig


class WebhooksConfig(AppConfig):
    name = "recoverynet.webhooks"
    label = "webhooks"
    verbose_name = "Webhooks"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from recoverynet.core import domain_events

        from . import (
            jobs,  # noqa: F401  (registers the retry sweeper)
            slots,
        )
        from .deliveries import endpoints_changed, on_domain_event
        from .models import Endpoint

        domain_events.subscribe_all(on_domain_event)
        # Signals, not the services alone: the admin site and the demo loader write endpoints too.
        post_save.connect(endpoints_changed, sender=Endpoint, dispatch_uid="webhooks-subscriptions")
        post_delete.connect(
            endpoints_changed, sender=Endpoint, dispatch_uid="webhooks-subscriptions-deleted"
        )
        slots.register()  # a "Webhooks" section on the Manage networks page

        from recoverynet.core import demo

        from .demo import load_demo

        # Last: no domain event of a later loader is delivered to the demo's endpoints.
        demo.register("Webhooks", 98, load_demo)
