from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "recoverynet.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import jobs, sending, setup  # noqa: F401  (registers renderer, jobs, signal)
        from .demo import load_demo

        demo.register("Newsletter", 50, load_demo)
