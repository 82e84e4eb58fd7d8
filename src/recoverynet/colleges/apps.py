from django.apps import AppConfig


class CollegesConfig(AppConfig):
    name = "recoverynet.colleges"
    label = "colleges"
    verbose_name = "Recovery Colleges"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (
            domain_events,  # noqa: F401  (defines what this app announces)
            jobs,  # noqa: F401  (registers offer expiry and session reminders)
        )
        from .demo import demo_logins, load_demo

        demo.register("Recovery Colleges", 60, load_demo, logins=demo_logins)

        from . import slots

        slots.register()  # this app's links in the shared pages

        from . import feedback

        feedback.register()  # course sessions as feedback targets

        from . import network_setup

        network_setup.ready()  # the Learning Network: plan topics, demo, links

        from . import outcome_sources

        outcome_sources.register()  # students of a course, for outcome questionnaires

        from recoverynet.network.signup import register_invitation

        from .services.staff_invitations import accept_at_sign_up
        from .views.invitations import SESSION_KEY

        register_invitation(SESSION_KEY, accept_at_sign_up)  # staff invitations at sign-up
