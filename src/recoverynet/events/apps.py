from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "recoverynet.events"
    label = "events"
    verbose_name = "Events and bookings"

    def ready(self) -> None:
        from . import jobs  # noqa: F401  (registers offer expiry, reminders and needs purge)
