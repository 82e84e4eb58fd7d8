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

        from django.db.models.signals import post_delete, post_save

        from .access import roles_changed
        from .models import Affiliation, Network, NetworkRole, TaxRate
        from .reference import networks_changed

        # Signals, not the services alone: the admin site, the demo loader and cascades write too.
        for model, receiver in (
            (NetworkRole, roles_changed),
            (Affiliation, roles_changed),
            (Network, networks_changed),
            (TaxRate, networks_changed),
        ):
            uid = f"network-cached-{model.__name__}"
            post_save.connect(receiver, sender=model, dispatch_uid=uid)
            post_delete.connect(receiver, sender=model, dispatch_uid=uid + "-del")
        # A data migration's historical models send signals no receiver above listens to.
        from django.db.models.signals import post_migrate

        post_migrate.connect(networks_changed, dispatch_uid="network-cached-migrate")

        from recoverynet.core import page_cache

        page_cache.invalidate_on(
            "directory", "network.created", "membership.started", "membership.lapsed"
        )

        from . import slots

        slots.register()  # this app's links and sections in the shared pages

        from .demo import DEMO_NOTES, demo_logins, load_demo

        demo.register("Networks and people", 10, load_demo, logins=demo_logins, notes=DEMO_NOTES)
