"""Scheduled writes for events: reminders before an event. Run by the scheduler (events/jobs.py),
never from a request. Delegates' needs are purged by the personal-data map (events/personal_data.py)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from recoverynet.core import audit

from ..models import BookingStatus, Delegate, Event, EventStatus
from . import notify


def reminders_send() -> int:
    """Scheduled: remind confirmed delegates a configured number of days before the event."""
    now = timezone.now()
    sent = 0
    candidates = Event.objects.filter(
        status=EventStatus.PUBLISHED,
        reminder_sent_at__isnull=True,
        reminder_days__gt=0,
        starts_at__gt=now,
    )
    for event in candidates:
        if event.starts_at - datetime.timedelta(days=event.reminder_days) > now:
            continue
        with transaction.atomic():
            emails = sorted(
                set(
                    Delegate.objects.filter(
                        booking__event=event,
                        booking__status=BookingStatus.CONFIRMED,
                        cancelled_at__isnull=True,
                    ).values_list("email", flat=True)
                )
            )
            notify.reminder(event, emails)
            Event.objects.filter(pk=event.pk).update(reminder_sent_at=now)
            audit.record(
                actor=None,
                action="events.reminder.sent",
                obj=event,
                changes={"people": len(emails)},
            )
        sent += 1
    return sent
