from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "recoverynet.events"
    label = "events"
    verbose_name = "Events and bookings"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import jobs  # noqa: F401  (registers offer expiry, reminders and needs purge)
        from .demo import load_demo

        demo.register("Events and bookings", 20, load_demo)
