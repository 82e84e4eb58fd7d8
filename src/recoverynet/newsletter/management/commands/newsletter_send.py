"""`recoverynet newsletter_send <network> <issue> --as editor@…`: start (or resume) sending an issue
and follow it with a progress bar.

It queues batches at the publication's rate (or as fast as possible with `--no-throttle`) and, with
`--deliver`, also sends the queued messages from this process instead of leaving them to the task
workers. Interrupting it (Ctrl+C, a crash) is safe: run it again and it carries on where it stopped,
and nobody gets a second copy.
"""

from __future__ import annotations

import sys
import time
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from recoverynet.accounts.models import User
from recoverynet.core import outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.newsletter import selectors, sending
from recoverynet.newsletter.models import Delivery, DeliveryStatus, Send, SendStatus


def bar(done: int, total: int, width: int = 30) -> str:
    filled = int(width * done / total) if total else width
    percent = int(100 * done / total) if total else 100
    return f"[{'#' * filled}{'.' * (width - filled)}] {percent:3d}% {done}/{total}"


class Command(BaseCommand):
    @staticmethod
    def _deliver_due(send: Send) -> int:
        """Send this issue's copies that are due. A copy waiting out a backoff after a failed
        attempt (or held while paused) is left until its time, so an outage cannot use up its
        retries in a tight loop."""
        ids = list(
            Delivery.objects.filter(
                send=send,
                status=DeliveryStatus.QUEUED,
                message__status="pending",
                message__next_attempt_at__lte=timezone.now(),
            ).values_list("message_id", flat=True)[: sending.BATCH_SIZE]
        )
        statuses = outbox.deliver_many([i for i in ids if i is not None])
        return sum(1 for status in statuses if status != "pending")

    help = "Start or resume sending an issue of a network's newsletter, with a progress bar."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("network", help="The network's short address, e.g. uk.")
        parser.add_argument("issue", help="The issue's short address, e.g. spring-2027.")
        parser.add_argument(
            "--as", dest="editor", required=True, help="E-mail of the editor sending it."
        )
        parser.add_argument(
            "--no-throttle", action="store_true", help="Ignore the publication's per-minute rate."
        )
        parser.add_argument(
            "--deliver",
            action="store_true",
            help="Send the messages from this process too (no task worker needed).",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        editor = User.objects.filter(email__iexact=options["editor"]).first()
        if editor is None:
            raise CommandError(f"No account with the e-mail {options['editor']}.")
        try:
            publication = selectors.publication_get(options["network"])
            issue = selectors.issue_for_editor(
                actor=editor, publication=publication, slug=options["issue"]
            )
            send = Send.objects.filter(issue=issue).first()
            if send is None:
                send = sending.send_start(actor=editor, issue=issue)
            elif send.status == SendStatus.PAUSED:
                send = sending.send_resume(actor=editor, send=send)
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

        throttled = not options["no_throttle"]
        while True:
            # With the throttle, queue what the rolling one-minute window still allows.
            handled = sending.queue_allowance(send) if throttled else sending.queue_batch(send.pk)
            delivered = self._deliver_due(send) if options["deliver"] else 0
            send.refresh_from_db()
            counts = sending.progress(send)
            done = counts["sent"] + counts["failed"] + counts["not_sent"]
            sys.stderr.write("\r" + bar(done, counts["total"]))
            sys.stderr.flush()
            if send.status == SendStatus.PAUSED:
                sys.stderr.write("\nThe send is paused; resume it on its progress page.")
                break
            finished = send.status == SendStatus.COMPLETED
            if finished and (not options["deliver"] or counts["pending"] == 0):
                break
            if handled == 0 and delivered == 0:
                time.sleep(1 if options["deliver"] else 5)
        sys.stderr.write("\n")
        counts = sending.progress(send)
        self.stdout.write(
            f"Sent {counts['sent']}, waiting {counts['pending']}, failed {counts['failed']}, "
            f"not sent (unsubscribed or suppressed) {counts['not_sent']}."
        )
