from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "recoverynet.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import slots
        from .demo import load_demo

        slots.register()  # links on Manage networks
        demo.register("Privacy: retention approvals and a request by post", 95, load_demo)
