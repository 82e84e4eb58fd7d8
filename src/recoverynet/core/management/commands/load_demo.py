from __future__ import annotations

import logging
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from django.conf import settings
from django.core import mail
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test.utils import override_settings

from recoverynet.core.demo import loaders

CONSOLE_BACKEND = "django.core.mail.backends.console.EmailBackend"
SHOW_MAIL = "RECOVERYNET_DEMO_SHOW_MAIL"
# Loggers that say something at INFO for every invoice PDF and every e-mail task.
CHATTY_LOGGERS = ("weasyprint", "django_tasks")


@contextmanager
def quiet_loading(*, hide_mail: bool) -> Iterator[list[Any]]:
    """While the demo loads: e-mails go to a list instead of the console (when `hide_mail`), and
    neither WeasyPrint (every step of every invoice PDF) nor the task runner logs at INFO."""
    chatty = {name: logging.getLogger(name).level for name in CHATTY_LOGGERS}
    earlier = getattr(mail, "outbox", None)  # a test's mailbox, kept as it was
    backend = "django.core.mail.backends.locmem.EmailBackend" if hide_mail else None
    sent: list[Any] = []
    for name, level in chatty.items():
        logging.getLogger(name).setLevel(max(level, logging.WARNING))
    mail.outbox = sent
    try:
        with override_settings(EMAIL_BACKEND=backend or settings.EMAIL_BACKEND):
            yield sent
    finally:
        for name, level in chatty.items():
            logging.getLogger(name).setLevel(level)
        if earlier is None:
            del mail.outbox
        else:
            earlier.extend(sent)
            mail.outbox = earlier


class Command(BaseCommand):
    help = (
        "Load the demo networks, organisations, people, events and bookings. Safe to run again. "
        f"E-mails sent while loading are counted, not printed, unless {SHOW_MAIL}=1."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        # With the console backend (the demo's default) every booking confirmation and newsletter
        # welcome would fill the terminal (about 1,300 lines on a first run) before the sign-in
        # table. They are counted instead; a mail server that the user configured is left alone.
        hide_mail = settings.EMAIL_BACKEND == CONSOLE_BACKEND and os.environ.get(SHOW_MAIL) != "1"
        # The transaction closes first, so the e-mails (sent on commit) are still kept quiet.
        with quiet_loading(hide_mail=hide_mail) as sent, transaction.atomic():
            for loader in loaders():
                created = loader.load()
                summary = ", ".join(f"{n} {k}" for k, n in created.items() if n) or "nothing"
                self.stdout.write(self.style.SUCCESS(f"{loader.name}: ready (new: {summary})."))
        if hide_mail and sent:
            self.stdout.write(
                f"{len(sent)} e-mail{'' if len(sent) == 1 else 's'} sent while loading, not shown "
                f"({SHOW_MAIL}=1 prints them)."
            )
        for loader in loaders():
            if loader.notes:
                self.stdout.write("\n" + loader.notes)
        # Last, so that it is what is on the screen when the server starts.
        self.stdout.write("\nDemo sign-ins (email, password, who they are):")
        for loader in loaders():
            for email, password, description in loader.logins() if loader.logins else []:
                self.stdout.write(f"  {email:<45} {password}   {description}")
