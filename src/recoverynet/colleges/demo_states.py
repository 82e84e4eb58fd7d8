"""States the Oxford demo college is put in so that every page can be reached (the crawl): a
registration question, a student (student.oxford) who completed two finished courses (one
certificate issued, one ready to ask for) and who is offered a place from a waiting list, and an
invitation to a staff role not yet accepted. Through the services, like the rest of the demo."""

from __future__ import annotations

from typing import Any

from recoverynet.accounts.models import User

from .models import College, Course, Enrolment, EnrolmentStatus, StaffInvitation, Student, Term
from .services import attendance as attendance_services
from .services import enrolment as enrolment_services
from .services import staff_invitations as invitation_services
from .services import student as student_services

DOMAIN = "demo.recoverynet.example"


def _completed(admin: User, course: Course, student: Student) -> Enrolment:
    """Enrol the student (in person, by staff) and mark them present at every session."""
    enrolment = enrolment_services.enrolment_create_for(
        actor=admin, course=course, student=student, how="in person"
    )
    for session in course.sessions.all():
        attendance_services.register_save(
            actor=admin, session=session, marks={enrolment.pk: "present"}
        )
    return enrolment


def _offered(upcoming: Course, students: list[tuple[User, Student]]) -> None:
    """Fill the course, put the first student on its waiting list, then free a place: it is
    offered to them (a timed offer they can take from My learning)."""
    first, others = students[0], students[1:]
    enrolled = set(
        Enrolment.objects.filter(course=upcoming, status=EnrolmentStatus.ENROLLED).values_list(
            "student_id", flat=True
        )
    )
    for user, student in others:
        if len(enrolled) >= upcoming.capacity:
            break
        if student.pk not in enrolled:
            enrolment_services.enrolment_create(actor=user, course=upcoming)
            enrolled.add(student.pk)
    waiting = enrolment_services.enrolment_create(actor=first[0], course=upcoming)
    if waiting.status != EnrolmentStatus.WAITING:
        return
    leaving = Enrolment.objects.filter(
        course=upcoming, status=EnrolmentStatus.ENROLLED
    ).select_related("student__user")[0]
    enrolment_services.enrolment_cancel(actor=leaving.student.user, enrolment=leaving)


def load(
    admin: User,
    college: College,
    manager: User,
    past: Term,
    upcoming: Term,
    students: list[tuple[User, Student]],
) -> dict[str, Any]:
    student_services.question_add(
        actor=admin,
        college=college,
        label="How did you hear about the college?",
        hint="For example, a friend, a leaflet or your care team.",
    )
    student = students[0][1]
    finished = [c for c in past.courses.order_by("title") if not c.first_session_required][:2]
    done = [_completed(admin, course, student) for course in finished]
    if done:
        attendance_services.certificate_issue(actor=admin, enrolment=done[0])
    full = upcoming.courses.order_by("capacity", "title").first()
    if full is not None:
        _offered(full, students)
    if not StaffInvitation.objects.filter(college=college).exists():
        invitation_services.staff_invitation_create(
            actor=manager,
            college=college,
            email=f"new.peer.trainer@{DOMAIN}",
            role="peer_trainer",
        )
    return {"certificates": len(done[:1])}
