""" "First session required": a student marked absent at the first session of a course with that
rule loses their place, which is offered to the waiting list through the timed-offer flow.

Called from the register (`attendance.register_save`) once the first session has started. Only
"absent" releases a place: "excused" means the college accepted the reason and keeps it. Locks as
enrolment does (the course row first, then the enrolments), so a place is never counted twice."""

from __future__ import annotations

from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit

from ..models import CourseSession, Enrolment, EnrolmentStatus
from . import enrolment as enrolment_services


@transaction.atomic
def places_release(
    *, actor: Actor, session: CourseSession, absent_enrolment_ids: Iterable[int]
) -> list[Enrolment]:
    """Release the places of the students absent from a course's first session (if the course
    requires it) and offer them on. Returns the released enrolments."""
    course = session.course
    ids = list(absent_enrolment_ids)
    if not ids or session.number != 1 or not course.first_session_required:
        return []
    now = timezone.now()
    if session.starts_at > now:
        return []
    course = enrolment_services.lock_course(course)
    released = list(
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("student__user")
        .filter(course=course, pk__in=ids, status=EnrolmentStatus.ENROLLED)
    )
    for enrolment in released:
        enrolment.status = EnrolmentStatus.CANCELLED
        enrolment.cancelled_at = now
        enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
        audit.record(
            actor=actor,
            action="colleges.enrolment.released_first_session",
            obj=enrolment,
            changes={"session": session.number, "reason": "absent from the first session"},
        )
        enrolment_services.tell(
            enrolment,
            f"Your place on {course.title} has been given up",
            f"Hello {enrolment.student.preferred_name},\n\n{course.title} asks everyone to come "
            "to its first session, and we did not see you there, so your place has been offered "
            "to someone on the waiting list. We hope you are well. If you would still like to "
            "join, you can enrol again from the course page (you may join the waiting list), or "
            f"contact {course.term.college.name} and we will help.\n",
        )
    if released:
        enrolment_services.offer_places(course, now)
    return released
