"""Scheduled writes (feedback/jobs.py): inviting attendees after the end, closing forms whose time
has passed (contact details go with the personal-data map's purge: services/retention.py)."""

from __future__ import annotations

import datetime
import logging

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.core import audit, outbox
from recoverynet.core.errors import NotFound

from .. import targets
from ..models import FeedbackForm, FormStatus
from .forms import _close

logger = logging.getLogger(__name__)


def invitations_send(now: datetime.datetime | None = None) -> int:
    """E-mail every attendee the link, `invite_delay_hours` after the end (one message each).
    A form still in draft then opens: its questions are final by the time people answer."""
    now = now or timezone.now()
    sent = 0
    due = FeedbackForm.objects.filter(
        invitations_sent_at__isnull=True,
        status__in=[FormStatus.DRAFT, FormStatus.OPEN],
        target_ends_at__lte=now,
    ).select_related("network")
    for candidate in due:
        with transaction.atomic():
            form = FeedbackForm.objects.select_for_update().get(pk=candidate.pk)
            if form.invitations_sent_at is not None or form.status == FormStatus.CLOSED:
                continue
            try:
                target = targets.resolve(form.target_kind, form.target_id)
            except NotFound:
                logger.warning("Feedback form %s: its target is gone; no invitations.", form.pk)
                continue
            if target.ends_at != form.target_ends_at:
                form.target_ends_at = target.ends_at  # the event moved
            if target.ends_at + datetime.timedelta(hours=form.invite_delay_hours) > now:
                form.save(update_fields=["target_ends_at", "updated_at"])
                continue
            if form.status == FormStatus.DRAFT:
                from .common import new_salt

                form.status = FormStatus.OPEN
                form.salt = new_salt()
            emails = targets.kind_of(form.target_kind).attendee_emails(target)
            link = settings.SITE_URL + reverse("feedback:answer", args=[form.public_id])
            context = {"form": form, "target": target, "link": link}
            outbox.enqueue_each(
                to=emails,
                subject=f"How was it? Feedback on {target.label}"[:200],
                body_text=render_to_string("feedback/email/invitation.txt", context),
            )
            form.invitations_sent_at = now
            form.save(
                update_fields=[
                    "target_ends_at",
                    "status",
                    "salt",
                    "invitations_sent_at",
                    "updated_at",
                ]
            )
            audit.record(
                actor=None,
                action="feedback.invitations.sent",
                obj=form,
                changes={"people": len(emails)},
            )
            sent += len(emails)
    return sent


def forms_close_due(now: datetime.datetime | None = None) -> int:
    now = now or timezone.now()
    closed = 0
    for candidate in FeedbackForm.objects.filter(status=FormStatus.OPEN, closes_at__lte=now):
        with transaction.atomic():
            form = (
                FeedbackForm.objects.select_for_update()
                .select_related("network")
                .get(pk=candidate.pk)
            )
            if form.status != FormStatus.OPEN:
                continue
            responses = _close(form)
            audit.record(
                actor=None,
                action="feedback.form.closed",
                obj=form,
                changes={"responses": responses},
            )
            closed += 1
    return closed
