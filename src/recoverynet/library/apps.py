from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "recoverynet.library"
    label = "library"
    verbose_name = "Resource library"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import domain_events  # noqa: F401  (defines what this app announces)
        from .demo import load_demo

        demo.register("Library", 40, load_demo)

        from . import slots

        slots.register()  # this app's links and sections in the shared pages
