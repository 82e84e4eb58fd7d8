"""College course sessions as a "feedback target kind" (`feedback.targets`), so the students who
came to a session can be asked for feedback on it.

Kind `college_session`, named by the session's public id. Only sessions of published courses are
targets.

- **Who attended**: students marked present or late at the session in the register.
- **Who organises** (may attach a form, moderate): the people who run the college (its manager and
  administrators) and the trainers facilitating that session.
- **Network**: the college's first network (feedback results are for its team); a college in no
  network has no targets. **Host**: the college's organisation (its recovery lead and staff see
  the results, suppressed as feedback does).

Registered from `CollegesConfig.ready`, so the feedback app never reads the colleges' tables."""

from __future__ import annotations

import datetime
import uuid
from typing import Any

from django.urls import reverse

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.feedback import targets

from . import access
from .models import Attendance, CourseSession, CourseStatus, Facilitator
from .models.college import RUNNING_ROLES
from .models.student import ATTENDED_MARKS

KIND = "college_session"


def _uuid(value: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except ValueError:
        return None


def _sessions() -> Any:
    return CourseSession.objects.filter(course__status=CourseStatus.PUBLISHED)


def session_label(session: CourseSession) -> str:
    return f"{session.course.title}: session {session.number} on {session.starts_at:%-d %b %Y}"


def _target(session: CourseSession) -> targets.Target | None:
    college = session.course.term.college
    networks = sorted(college.networks.all(), key=lambda n: n.pk)
    if not networks:
        return None
    return targets.Target(
        kind=KIND,
        id=str(session.public_id),
        label=session_label(session),
        url=reverse("colleges:course-detail", args=[session.course.public_id]),
        network_id=networks[0].pk,
        host_id=college.organisation_id,
        starts_at=session.starts_at,
        ends_at=session.ends_at,
        time_zone=college.time_zone,
        manage_url=reverse("colleges:course-manage", args=[college.slug, session.course.public_id]),
    )


def get(target_id: str) -> targets.Target | None:
    public_id = _uuid(target_id)
    if public_id is None:
        return None
    session = (
        _sessions()
        .select_related("course__term__college")
        .prefetch_related("course__term__college__networks")
        .filter(public_id=public_id)
        .first()
    )
    return _target(session) if session is not None else None


def _attended() -> Any:
    return Attendance.objects.filter(mark__in=ATTENDED_MARKS, session__in=_sessions())


def attended(target: targets.Target, user: Any) -> bool:
    public_id = _uuid(target.id)
    if public_id is None or not is_person(user):
        return False
    return bool(
        _attended().filter(session__public_id=public_id, enrolment__student__user=user).exists()
    )


def attendee_emails(target: targets.Target) -> list[str]:
    public_id = _uuid(target.id)
    emails = _attended().filter(session__public_id=public_id)
    found = emails.values_list("enrolment__student__user__email", flat=True)
    return sorted({e.lower() for e in found if e})


def is_organiser(user: Actor | None, target: targets.Target) -> bool:
    public_id = _uuid(target.id)
    if public_id is None or not is_person(user):
        return False
    session = _sessions().select_related("course__term__college").filter(public_id=public_id)
    found = session.first()
    if found is None:
        return False
    return access.can_run_college(user, found.course.term.college) or (
        Facilitator.objects.filter(session=found, user=user).exists()
    )


def attended_by(user: Any, since: datetime.datetime) -> list[str]:
    if not is_person(user):
        return []
    ids = _attended().filter(enrolment__student__user=user, session__ends_at__gte=since)
    # Sorted here: the models' orderings would add six joins to the query (and 2 ms of planning).
    ids = ids.order_by().values_list("session__public_id", flat=True)
    return sorted({str(i) for i in ids})


def organised_by(user: Actor | None) -> list[tuple[str, str]]:
    running = [c for c, roles in access.college_roles(user).items() if RUNNING_ROLES & roles]
    sessions = (
        _sessions()
        .filter(course__term__college_id__in=running)
        .select_related("course")
        .order_by("-starts_at")[:50]
    )
    return [(str(s.public_id), session_label(s)) for s in sessions]


def register() -> None:
    targets.register(
        targets.TargetKind(
            kind=KIND,
            label="College course session",
            get=get,
            attended=attended,
            attendee_emails=attendee_emails,
            is_organiser=is_organiser,
            attended_by=attended_by,
            organised_by=organised_by,
        )
    )
