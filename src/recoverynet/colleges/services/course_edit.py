"""Changing a term and a course's sessions after they were made (the course itself changes through
`course.course_update`). The same rules as making them: dates in order, a session online or at one
of the college's venues, and a session's change checked against the course's completion rule."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, outbox
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text

from ..models import Course, CourseSession, Enrolment, Term, Venue
from ..models.student import PLACE_HOLDING_STATUSES
from ..selectors.session_delete import deletion_refusal
from .announce import session_changed
from .course import _invalid, _require_runner

TERM_FIELDS = ("name", "starts_on", "ends_on", "introduction")
SESSION_FIELDS = ("starts_at", "ends_at", "online", "venue_id", "joining_information")


@transaction.atomic
def term_update(
    *,
    actor: Actor,
    term: Term,
    name: str | None = None,
    starts_on: datetime.date | None = None,
    ends_on: datetime.date | None = None,
    introduction: str | None = None,
) -> Term:
    """Change a term's name, dates or introduction. Its web address (slug) stays the same, so
    links to a published prospectus keep working."""
    _require_runner(actor, term.college)
    term = Term.objects.select_for_update().select_related("college").get(pk=term.pk)
    before = audit.snapshot(term, TERM_FIELDS)
    if name is not None:
        term.name = clean_text(name, field="name", max_length=100, required=True, single_line=True)
    if introduction is not None:
        term.introduction = clean_text(introduction, field="introduction", max_length=4000)
    term.starts_on = starts_on or term.starts_on
    term.ends_on = ends_on or term.ends_on
    if term.ends_on < term.starts_on:
        raise _invalid("ends_on", "The term must end on or after the day it starts.")
    if Term.objects.filter(college=term.college, name=term.name).exclude(pk=term.pk).exists():
        raise ApplicationError(
            "duplicate", "The college already has a term with that name.", field="name", status=409
        )
    term.save()
    audit.record(
        actor=actor,
        action="colleges.term.updated",
        obj=term,
        changes=audit.diff(term, before, TERM_FIELDS),
    )
    return term


@transaction.atomic
def session_update(
    *,
    actor: Actor,
    session: CourseSession,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    online: bool = False,
    venue: Venue | None = None,
    joining_information: str = "",
) -> CourseSession:
    """Change when and where a session is. Its number and facilitators stay."""
    college = session.course.term.college
    _require_runner(actor, college)
    if ends_at <= starts_at:
        raise _invalid("ends_at", "The session must end after it starts.")
    if not online and venue is None:
        raise _invalid("venue", "Choose a venue, or say the session is online.")
    if venue is not None and venue.college_id != college.pk:
        raise _invalid("venue", "Choose one of the college's venues.")
    session = CourseSession.objects.select_for_update().get(pk=session.pk)
    before = audit.snapshot(session, SESSION_FIELDS)
    session.starts_at = starts_at
    session.ends_at = ends_at
    session.online = online
    session.venue = None if online else venue
    session.joining_information = clean_text(
        joining_information, field="joining_information", max_length=500, single_line=True
    )
    session.save()
    audit.record(
        actor=actor,
        action="colleges.session.updated",
        obj=session,
        changes=audit.diff(session, before, SESSION_FIELDS),
    )
    session_changed(session, "changed")
    return session


def _tell_deleted(session: CourseSession, enrolment: Enrolment) -> None:
    course = session.course
    when = timezone.localtime(session.starts_at, ZoneInfo(course.term.college.time_zone))
    outbox.enqueue(
        to=[enrolment.student.user.email],
        subject=f"{course.title}: the session on {when:%A %-d %B} will not take place",
        body_text=(
            f"Hello {enrolment.student.preferred_name},\n\n"
            f"{course.term.college.name} has removed the session of {course.title} on "
            f"{when:%A %-d %B at %H:%M} from the course. It will not take place.\n\n"
            "Your place on the course is kept, and the other sessions are as before. My learning "
            "and your calendar file show the sessions now planned.\n"
        ),
    )


@transaction.atomic
def session_delete(*, actor: Actor, session: CourseSession) -> int:
    """Delete a session whose register has not been taken (see `selectors.session_delete` for the
    rules). Students holding a place are told once by e-mail when it was still to come; later
    sessions move up one number. Returns how many students were told."""
    course = session.course
    _require_runner(actor, course.term.college)
    # The course row first, as enrolment and the register do, then the sessions.
    course = Course.objects.select_for_update().select_related("term__college").get(pk=course.pk)
    sessions = list(CourseSession.objects.select_for_update().filter(course=course))
    locked = next((s for s in sessions if s.pk == session.pk), None)
    if locked is None:
        raise ApplicationError("not_found", "That session has been deleted already.", status=404)
    session = locked
    session.course = course
    refusal = deletion_refusal(session, len(sessions))
    if refusal is not None:
        raise refusal
    told = []
    if session.starts_at > timezone.now():
        told = list(
            Enrolment.objects.filter(course=course, status__in=PLACE_HOLDING_STATUSES)
            .select_related("student__user")
            .order_by("pk")
        )
    for enrolment in told:
        _tell_deleted(session, enrolment)
    audit.record(
        actor=actor,
        action="colleges.session.deleted",
        obj=session,
        changes={
            "course": str(course.public_id),
            "number": session.number,
            "starts_at": session.starts_at.isoformat(),
            "students_told": len(told),
        },
    )
    session_changed(session, "deleted")
    session.delete()
    # Later sessions move up one, in order, so numbers stay 1..M (completion counts on it).
    for later in sorted((s for s in sessions if s.number > session.number), key=lambda s: s.number):
        later.number -= 1
        later.save(update_fields=["number", "updated_at"])
    return len(told)
