from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recoverynet.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import scheduling  # noqa: F401  (registers the outbox sweeper)
