from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "recoverynet.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from . import form_messages, kept_uploads, scheduling  # noqa: F401  (scheduling registers the outbox sweeper; kept_uploads its purge)

        form_messages.install()  # every form's errors name their field (decision 0031)

        from django.contrib.admin.models import LogEntry
        from django.db.models.signals import post_save

        from .private_pages import admin_logged

        # The admin site writes its own log, not ours: what it changes makes pages stale too.
        post_save.connect(admin_logged, sender=LogEntry, dispatch_uid="core-private-pages-admin")

        from django_tasks.signals import task_started

        from . import site_locale

        task_started.connect(site_locale.task_started, dispatch_uid="core-site-locale")
