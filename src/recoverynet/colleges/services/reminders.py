"""Session reminders: one e-mail per student per session, the day before, with the session as an
`.ics` attachment. Sent through the outbox; a unique row per (enrolment, session) means never twice."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from recoverynet.core import outbox

from ..documents import sessions_ics
from ..models import CourseSession, Enrolment, EnrolmentStatus, SessionReminder

REMIND_AHEAD = datetime.timedelta(hours=36)


def session_reminders_send(*, now: datetime.datetime | None = None) -> int:
    """Remind enrolled students of sessions starting within the next 36 hours. Idempotent."""
    now = now or timezone.now()
    sessions = CourseSession.objects.filter(
        starts_at__gt=now,
        starts_at__lte=now + REMIND_AHEAD,
        course__status="published",
    ).select_related("course__term__college", "venue")
    sent = 0
    for session in sessions:
        enrolments = (
            Enrolment.objects.filter(course=session.course, status=EnrolmentStatus.ENROLLED)
            .exclude(reminders__session=session)
            .select_related("student__user")
        )
        for enrolment in enrolments:
            with transaction.atomic():
                try:
                    with transaction.atomic():
                        SessionReminder.objects.create(enrolment=enrolment, session=session)
                except IntegrityError:
                    continue
                when = timezone.localtime(session.starts_at, timezone.get_default_timezone())
                where = (
                    "online" if session.online else (session.venue.name if session.venue else "")
                )
                outbox.enqueue(
                    to=[enrolment.student.user.email],
                    subject=f"Reminder: {session.course.title}, {when:%A %d %B at %H:%M}",
                    body_text=(
                        f"Hello {enrolment.student.preferred_name},\n\n"
                        f"Session {session.number} of {session.course.title} is on "
                        f"{when:%A %d %B at %H:%M}, {where}.\n"
                        + (
                            f"How to join: {session.joining_information}\n"
                            if session.online and session.joining_information
                            else ""
                        )
                        + "\nIf you cannot come, you can cancel your place in My learning.\n"
                    ),
                    attachments=[
                        (
                            "session.ics",
                            "text/calendar",
                            sessions_ics(session.course.title, [session], joining=True),
                        )
                    ],
                )
                sent += 1
    return sent
