from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "recoverynet.network"
    label = "network"
    verbose_name = "Networks and members"

    def ready(self) -> None:
        from recoverynet.accounts import mfa
        from recoverynet.core import demo

        from . import domain_events  # noqa: F401  (defines what this app announces)
        from .access import team_mfa_reason

        mfa.register_reason(team_mfa_reason)

        from recoverynet.core import page_cache

        page_cache.invalidate_on(
            "directory", "network.created", "membership.started", "membership.lapsed"
        )

        from . import slots

        slots.register()  # this app's links and sections in the shared pages

        from .demo import DEMO_NOTES, demo_logins, load_demo

        demo.register("Networks and people", 10, load_demo, logins=demo_logins, notes=DEMO_NOTES)
