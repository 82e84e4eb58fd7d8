from django.apps import AppConfig


class NewsletterConfig(AppConfig):
    name = "recoverynet.newsletter"
    label = "newsletter"
    verbose_name = "Newsletter"

    def ready(self) -> None:
        from recoverynet.core import demo

        from . import (  # noqa: F401  (registers renderer, jobs, signal)
            domain_events,
            jobs,
            sending,
            setup,
        )
        from .demo import load_demo

        demo.register("Newsletter", 50, load_demo)

        from recoverynet.core import page_cache

        page_cache.invalidate_on("newsletter", "article.published")

        from . import slots

        slots.register()  # this app's links and sections in the shared pages
