from django.apps import AppConfig


class LibraryConfig(AppConfig):
    name = "recoverynet.library"
    label = "library"
    verbose_name = "Resource library"

    def ready(self) -> None:
        from recoverynet.core import demo

        from .demo import load_demo

        demo.register("Library", 40, load_demo)
