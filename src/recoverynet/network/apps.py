from django.apps import AppConfig


class NetworkConfig(AppConfig):
    name = "recoverynet.network"
    label = "network"
    verbose_name = "Networks and members"

    def ready(self) -> None:
        from recoverynet.core import demo

        from .demo import DEMO_NOTES, demo_logins, load_demo

        demo.register("Networks and people", 10, load_demo, logins=demo_logins, notes=DEMO_NOTES)
