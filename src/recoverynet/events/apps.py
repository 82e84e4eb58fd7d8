from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "recoverynet.events"
    label = "events"
    verbose_name = "Events and bookings"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers offer expiry, reminders and needs purge)
        )
        from .demo import load_demo
        from .kept_events import connect as keep_events_for_booking
        from .services import booking_mail  # noqa: F401  (registers its outbox renderer)

        demo.register("Events and bookings", 20, load_demo)
        keep_events_for_booking()
        from .demo_plans import load_demo as load_plans_demo

        demo.register("Action plans at learning-set days", 35, load_plans_demo)

        from recoverynet.core import page_cache

        # The public events pages show places left, so every booking change makes them stale.
        page_cache.invalidate_on(
            "events",
            "event.changed",
            "booking.confirmed",
            "booking.cancelled",
            "waiting_list.offered",
        )

        from recoverynet.core import private_pages

        from .models import Booking
        from .page_scopes import booking_scopes

        # A booking concerns its booker, its organisation's leads and its places' holders only.
        private_pages.scoped(Booking, booking_scopes)

        from . import occasions, slots

        occasions.register()  # learning-set days as occasions of action plans
        slots.register()  # this app's links and sections in the shared pages

        from . import feedback_targets

        feedback_targets.register()  # events as something feedback and debates attach to
