from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recoverynet.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import form_messages, kept_uploads, scheduling  # noqa: F401  (scheduling registers the outbox sweeper; kept_uploads its purge)

        form_messages.install()  # every form's errors name their field (decision 0031)
