from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "recoverynet.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from . import slots

        slots.register()  # the queue page's link on Manage networks
