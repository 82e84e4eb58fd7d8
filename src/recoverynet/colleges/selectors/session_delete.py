"""What deleting a course session would do, and whether it may: the confirm page shows it and
`services.course_edit.session_delete` enforces it (decision 0041).

- A session whose register has been taken is part of students' records: it cannot be deleted.
- Deleting it must leave the completion rule possible ("attend at least N" with N above the
  sessions left is refused, naming the field), and a published course keeps at least one session.
- Students holding a place are told once by e-mail when the session was still to come.
- Later sessions move up one number, so "session 1" is always the first."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError

from ..models import Attendance, CourseSession, CourseStatus, Enrolment
from ..models.student import PLACE_HOLDING_STATUSES
from .setup import require_runner


@dataclass(frozen=True)
class SessionDeletion:
    session: CourseSession
    refusal: ApplicationError | None
    to_tell: int  # students with a place who will be e-mailed
    later_sessions: int  # sessions after it, which move up one number
    upcoming: bool

    @property
    def allowed(self) -> bool:
        return self.refusal is None


def _refused(code: str, message: str, field: str | None = None) -> ApplicationError:
    return ApplicationError(code, message, field=field, status=409 if field is None else 422)


def deletion_refusal(session: CourseSession, session_count: int) -> ApplicationError | None:
    """Why the session cannot be deleted (None: it can). `session_count`: the course's sessions."""
    course = session.course
    if Attendance.objects.filter(session=session).exists():
        return _refused(
            "has_attendance",
            f"Session {session.number} cannot be deleted: its register has been taken, and "
            "students' attendance and completion depend on it. If the date was wrong, change the "
            "session instead.",
        )
    left = session_count - 1
    needed = course.min_sessions_to_complete
    if needed is not None and needed > left >= 1:
        return _refused(
            "completion_rule",
            f"The course asks students to attend at least {needed} sessions; without this one it "
            f"would have {left}. Lower “attend at least” on the course first.",
            field="min_sessions_to_complete",
        )
    if left == 0 and course.status == CourseStatus.PUBLISHED:
        return _refused(
            "last_session",
            "This is the only session of a published course. Add the new session first, then "
            "delete this one.",
        )
    return None


def session_deletion(*, actor: Actor, session: CourseSession) -> SessionDeletion:
    """For the confirm page: what deleting this session would do (the people who run the college)."""
    course = session.course
    require_runner(actor, course.term.college)
    numbers = list(course.sessions.values_list("number", flat=True))
    upcoming = session.starts_at > timezone.now()
    to_tell = (
        Enrolment.objects.filter(course=course, status__in=PLACE_HOLDING_STATUSES).count()
        if upcoming
        else 0
    )
    return SessionDeletion(
        session=session,
        refusal=deletion_refusal(session, len(numbers)),
        to_tell=to_tell,
        later_sessions=sum(1 for n in numbers if n > session.number),
        upcoming=upcoming,
    )
