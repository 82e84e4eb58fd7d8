"""Students of a course as a cohort for outcome questionnaires (issue #14): registered in the
`outcomes` app's cohort-source registry (`outcomes/sources.py`), which never imports this app.

- `choices`: the published courses, not yet over, of the organisation's colleges.
- `members`: the course's enrolled students (preferred name, e-mail), for someone who may plan
  the organisation's questionnaires or runs the college.
- `joined_event` / `joiner`: `college_enrolment.confirmed` (ids only) → the student, so that a
  collection planned with "baseline at enrolment" adds each new student and sends their baseline.
- `ends_on`: the course's last session, the default date of the follow-up at the end.
- `pool`: the college, whose collections are pooled.
- `rescheduled_event` / `rescheduled`: `college_session.changed` (a session added, moved or
  deleted; ids only) → the course's new last day, or that it is cancelled, so that its
  collections move their end follow-up (or stop their links)."""

from __future__ import annotations

import datetime
import uuid
from collections.abc import Mapping
from typing import Any

from django.db.models import Max
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network.models import Organisation
from recoverynet.outcomes import access as outcomes_access
from recoverynet.outcomes import sources

from . import access
from .domain_events import SESSION_CHANGED, STUDENT_ENROLLED
from .models import Course, CourseStatus, Enrolment, EnrolmentStatus

KIND = "colleges.course"


def _courses(organisation: Organisation) -> Any:
    return Course.objects.filter(
        term__college__organisation=organisation, status=CourseStatus.PUBLISHED
    ).select_related("term__college")


def _course(ref: str) -> Course | None:
    try:
        public_id = uuid.UUID(ref)
    except (ValueError, TypeError):
        return None
    return Course.objects.select_related("term__college").filter(public_id=public_id).first()


def _choices(actor: Actor, organisation: Organisation) -> list[tuple[str, str]]:
    today = timezone.localdate()
    found = []
    for course in (
        _courses(organisation)
        .annotate(last=Max("sessions__ends_at"))
        .order_by("term__starts_on", "title")
    ):
        if course.last is None or timezone.localdate(course.last) >= today:
            found.append(
                (
                    str(course.public_id),
                    f"Students of {course.title} ({course.term.name}, {course.term.college.name})",
                )
            )
    return found


def _members(actor: Actor, organisation: Organisation, ref: str) -> list[sources.Member]:
    course = _course(ref)
    if course is None or course.term.college.organisation_id != organisation.pk:
        raise ApplicationError("invalid", "Choose a course.", field="source", status=422)
    if not (
        outcomes_access.can_plan(actor, organisation)
        or access.can_run_college(actor, course.term.college)
    ):
        raise PermissionDenied("Only the people who run the college can see its students.")
    return [
        sources.Member(
            name=e.student.preferred_name, email=e.student.user.email, user_id=e.student.user_id
        )
        for e in Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED)
        .select_related("student__user")
        .order_by("student__preferred_name", "pk")
    ]


def _joiner(data: Mapping[str, Any]) -> tuple[str, sources.Member] | None:
    enrolment = (
        Enrolment.objects.filter(
            public_id=str(data.get("enrolment_id", "")), status=EnrolmentStatus.ENROLLED
        )
        .select_related("student__user", "course")
        .first()
    )
    if enrolment is None:
        return None
    student = enrolment.student
    return str(enrolment.course.public_id), sources.Member(
        name=student.preferred_name, email=student.user.email, user_id=student.user_id
    )


def _ends_on(ref: str) -> datetime.date | None:
    course = _course(ref)
    if course is None:
        return None
    last = course.sessions.aggregate(last=Max("ends_at"))["last"]
    return timezone.localdate(last) if last is not None else course.term.ends_on


def _pool(ref: str) -> tuple[str, str] | None:
    course = _course(ref)
    if course is None:
        return None
    college = course.term.college
    return f"college-{college.public_id}", college.name


def _rescheduled(data: Mapping[str, Any]) -> sources.Reschedule | None:
    ref = str(data.get("course_id", ""))
    course = _course(ref)
    if course is None:
        return None
    return sources.Reschedule(
        ref=ref, ends_on=_ends_on(ref), cancelled=course.status == CourseStatus.CANCELLED
    )


def register() -> None:
    """From `CollegesConfig.ready`."""
    sources.register(
        sources.CohortSource(
            kind=KIND,
            label="Students of a Recovery College course",
            choices=_choices,
            members=_members,
            joined_event=STUDENT_ENROLLED.name,
            joiner=_joiner,
            ends_on=_ends_on,
            pool=_pool,
            rescheduled_event=SESSION_CHANGED.name,
            rescheduled=_rescheduled,
        )
    )
