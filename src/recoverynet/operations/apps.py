from django.apps import AppConfig


class OperationsConfig(AppConfig):
    name = "recoverynet.operations"
    label = "operations"
    verbose_name = "Operations"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import slots
        from .demo import load_demo

        slots.register()  # the queue page's link on Manage networks
        demo.register("Background queues", 97, load_demo)
