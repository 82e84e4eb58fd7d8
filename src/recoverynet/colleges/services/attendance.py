"""The attendance register, completion and certificates of completion.

A certificate is only ever issued to a student who met the course's completion rule; re-issuing it
(a corrected name, a lost copy) replaces the current one, which stays on record."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import (
    Attendance,
    AttendanceMark,
    Certificate,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
)
from ..selectors.learning import enrolment_completed
from . import first_session


@transaction.atomic
def register_save(
    *, actor: Actor, session: CourseSession, marks: Mapping[int, str]
) -> list[Attendance]:
    """Save the register for a session: enrolment id → present, late, absent or excused."""
    college = session.course.term.college
    if not access.can_take_register(actor, college):
        raise PermissionDenied("Only the college's trainers and staff can take the register.")
    enrolments = {
        e.pk: e
        for e in Enrolment.objects.filter(
            course_id=session.course_id, status=EnrolmentStatus.ENROLLED, pk__in=list(marks)
        )
    }
    for enrolment_id, mark in marks.items():
        if mark not in AttendanceMark.values:
            raise ApplicationError(
                "invalid",
                "Choose present, late, absent or excused.",
                field=f"mark_{enrolment_id}",
                status=422,
            )
        if enrolment_id not in enrolments:
            raise ApplicationError(
                "invalid",
                "That student is not enrolled on this course.",
                field=f"mark_{enrolment_id}",
                status=422,
            )
    existing = {
        a.enrolment_id: a
        for a in Attendance.objects.select_for_update().filter(
            session=session, enrolment_id__in=list(marks)
        )
    }
    recorder = person(actor)
    saved: list[Attendance] = []
    for enrolment_id, mark in marks.items():
        row = existing.get(enrolment_id)
        if row is None:
            row = Attendance.objects.create(
                session=session, enrolment_id=enrolment_id, mark=mark, recorded_by=recorder
            )
        elif row.mark != mark:
            row.mark = mark
            row.recorded_by = recorder
            row.save(update_fields=["mark", "recorded_by", "updated_at"])
        saved.append(row)
    audit.record(
        actor=actor,
        action="colleges.register.saved",
        obj=session,
        changes={"marked": len(saved)},
    )
    first_session.places_release(
        actor=actor,
        session=session,
        absent_enrolment_ids=[e for e, mark in marks.items() if mark == AttendanceMark.ABSENT],
    )
    return saved


@transaction.atomic
def certificate_issue(
    *, actor: Actor, enrolment: Enrolment, name_on_certificate: str = ""
) -> Certificate:
    """Issue (or re-issue) the certificate of completion. The student themselves or the people who
    run the college may; never for someone who did not meet the rule."""
    enrolment = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("student__user", "course__term__college")
        .get(pk=enrolment.pk)
    )
    college = enrolment.course.term.college
    is_student = enrolment.student.user_id == getattr(actor, "pk", None)
    if not (is_student or access.can_run_college(actor, college)):
        raise NotFound("We could not find that enrolment.")
    if not enrolment_completed(enrolment):
        raise ApplicationError(
            "not_completed",
            "A certificate is only for students who met the course's completion rule.",
            status=409,
        )
    name = clean_text(
        name_on_certificate or enrolment.student.preferred_name,
        field="name_on_certificate",
        max_length=150,
        required=True,
        single_line=True,
    )
    now = timezone.now()
    replaced = Certificate.objects.filter(enrolment=enrolment, replaced_at__isnull=True).update(
        replaced_at=now
    )
    certificate = Certificate.objects.create(
        enrolment=enrolment, name_on_certificate=name, issued_by=person(actor)
    )
    audit.record(
        actor=actor,
        action="colleges.certificate.reissued" if replaced else "colleges.certificate.issued",
        obj=certificate,
        label=f"Certificate {certificate.public_id}",
    )
    return certificate


def certificates_issue_for_course(*, actor: Actor, course: Course) -> int:
    """Issue a certificate to each enrolled student of the course who met the rule and has none
    yet. Returns how many were issued."""
    if not access.can_run_college(actor, course.term.college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    issued = 0
    enrolments = Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).exclude(
        certificates__replaced_at__isnull=True, certificates__isnull=False
    )
    for enrolment in enrolments.select_related("course"):
        if enrolment_completed(enrolment):
            certificate_issue(actor=actor, enrolment=enrolment)
            issued += 1
    return issued
