"""Reads for students: their own record, "My learning", course lists for staff, the register.

A student's enrolments, attendance and learning plan are visible to themselves, to the college's
staff (not the plan: only the advisor it is shared with), and to nobody else."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound, PermissionDenied

from .. import access
from ..models import (
    Attendance,
    Certificate,
    College,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    LearningPlanNote,
    RegistrationQuestion,
    Student,
)
from ..models.student import ACTIVE_ENROLMENT_STATUSES
from ..rules import CompletionRule, has_completed


def student_for(*, actor: Actor, college: College) -> Student | None:
    """The actor's own student record at the college, if they registered."""
    if not is_person(actor):
        return None
    return Student.objects.filter(college=college, user=actor).first()


def registration_questions(*, college: College) -> list[RegistrationQuestion]:
    return list(college.questions.filter(active=True).order_by("order", "id"))


@dataclass
class EnrolmentView:
    enrolment: Enrolment
    sessions: list[CourseSession]
    marks: dict[int, str]  # session number → mark
    rule: CompletionRule
    completed: bool
    certificate: Certificate | None
    upcoming: list[CourseSession] = field(default_factory=list)


def _enrolment_view(enrolment: Enrolment, now: Any) -> EnrolmentView:
    sessions = list(enrolment.course.sessions.all())
    by_id = {s.pk: s.number for s in sessions}
    marks = {
        by_id[a.session_id]: a.mark for a in enrolment.attendance.all() if a.session_id in by_id
    }
    course = enrolment.course
    rule = CompletionRule(
        sessions=len(sessions),
        minimum=course.min_sessions_to_complete,
        first_required=course.first_session_required,
    )
    current = [c for c in enrolment.certificates.all() if c.replaced_at is None]
    completed = enrolment.status == EnrolmentStatus.ENROLLED and has_completed(rule, marks)
    return EnrolmentView(
        enrolment=enrolment,
        sessions=sessions,
        marks=marks,
        rule=rule,
        completed=completed,
        certificate=current[0] if current else None,
        upcoming=[s for s in sessions if s.ends_at >= now]
        if enrolment.status == EnrolmentStatus.ENROLLED
        else [],
    )


def _enrolments_with_detail(queryset: QuerySet[Enrolment]) -> QuerySet[Enrolment]:
    return queryset.select_related("course__term__college", "student").prefetch_related(
        Prefetch("course__sessions", queryset=CourseSession.objects.select_related("venue")),
        "attendance",
        "certificates",
    )


@dataclass
class MyLearning:
    students: list[Student]
    current: list[EnrolmentView]
    past: list[EnrolmentView]
    plans: list[LearningPlan]

    @property
    def upcoming_sessions(self) -> list[tuple[Course, CourseSession]]:
        rows = [(v.enrolment.course, s) for v in self.current for s in v.upcoming]
        return sorted(rows, key=lambda row: row[1].starts_at)


def my_learning(*, actor: Actor) -> MyLearning:
    """The signed-in person's own courses, sessions to come, attendance, certificates and plans."""
    if not is_person(actor):
        raise PermissionDenied("Sign in to see your learning.")
    now = timezone.now()
    students = list(Student.objects.filter(user=actor).select_related("college"))
    enrolments = _enrolments_with_detail(
        Enrolment.objects.filter(student__user=actor).exclude(status=EnrolmentStatus.EXPIRED)
    ).order_by("-created_at")
    current: list[EnrolmentView] = []
    past: list[EnrolmentView] = []
    for enrolment in enrolments:
        view = _enrolment_view(enrolment, now)
        last = view.sessions[-1].ends_at if view.sessions else None
        active = enrolment.status in ACTIVE_ENROLMENT_STATUSES
        (current if active and (last is None or last >= now) else past).append(view)
    plans = list(
        LearningPlan.objects.filter(student__user=actor).select_related("student__college")
    )
    return MyLearning(students=students, current=current, past=past, plans=plans)


def my_enrolment(*, actor: Actor, public_id: Any) -> Enrolment:
    """One of the actor's own enrolments (or, for the college's runners, any of its enrolments)."""
    enrolment = (
        Enrolment.objects.select_related("course__term__college", "student__user")
        .filter(public_id=public_id)
        .first()
    )
    if enrolment is None:
        raise NotFound("We could not find that enrolment.")
    own = is_person(actor) and enrolment.student.user_id == actor.pk
    if not (own or access.can_run_college(actor, enrolment.course.term.college)):
        raise NotFound("We could not find that enrolment.")
    return enrolment


def enrolment_view(*, actor: Actor, public_id: Any) -> EnrolmentView:
    enrolment = my_enrolment(actor=actor, public_id=public_id)
    detailed = _enrolments_with_detail(Enrolment.objects.filter(pk=enrolment.pk)).get()
    return _enrolment_view(detailed, timezone.now())


def certificate_get(*, actor: Actor, public_id: Any) -> Certificate:
    certificate = (
        Certificate.objects.select_related(
            "enrolment__student__user", "enrolment__course__term__college"
        )
        .filter(public_id=public_id)
        .first()
    )
    if certificate is None:
        raise NotFound("We could not find that certificate.")
    college = certificate.enrolment.course.term.college
    own = is_person(actor) and certificate.enrolment.student.user_id == actor.pk
    if not (own or access.can_run_college(actor, college)):
        raise NotFound("We could not find that certificate.")
    return certificate


def course_enrolments(*, actor: Actor, course: Course) -> QuerySet[Enrolment]:
    """The course's enrolments and waiting list, for the college's staff."""
    college = course.term.college
    if not (access.is_staff_of(actor, college) or access.can_run_college(actor, college)):
        raise PermissionDenied("Only the college's staff can see who is enrolled.")
    return (
        Enrolment.objects.filter(course=course)
        .select_related("student", "enrolled_by")
        .order_by("status", "student__preferred_name")
    )


@dataclass
class RegisterRow:
    enrolment: Enrolment
    mark: str


def session_register(*, actor: Actor, session_id: int) -> tuple[CourseSession, list[RegisterRow]]:
    """A session and its enrolled students with their marks so far, for trainers and staff."""
    session = (
        CourseSession.objects.select_related("course__term__college", "venue")
        .filter(pk=session_id)
        .first()
    )
    if session is None:
        raise NotFound("We could not find that session.")
    if not access.can_take_register(actor, session.course.term.college):
        raise PermissionDenied("Only the college's trainers and staff can take the register.")
    marks = dict(Attendance.objects.filter(session=session).values_list("enrolment_id", "mark"))
    enrolments = (
        Enrolment.objects.filter(course_id=session.course_id, status=EnrolmentStatus.ENROLLED)
        .select_related("student")
        .order_by("student__preferred_name")
    )
    return session, [RegisterRow(e, marks.get(e.pk, "")) for e in enrolments]


def students_of_college(*, actor: Actor, college: College) -> QuerySet[Student]:
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the college's manager and administrators can see students.")
    # Names only (the enrol-for list): joining each student's account read every person at scale.
    return (
        Student.objects.filter(college=college)
        .only("pk", "college_id", "preferred_name")
        .order_by("preferred_name")
    )


def plan_get(*, actor: Actor, public_id: Any) -> LearningPlan:
    """A learning plan: for its student and the advisor it is shared with, nobody else."""
    plan = (
        LearningPlan.objects.select_related("student__college", "student__user", "shared_with")
        .prefetch_related(
            "courses", Prefetch("notes", queryset=LearningPlanNote.objects.select_related("author"))
        )
        .filter(public_id=public_id)
        .first()
    )
    if plan is None or not access.can_see_plan(actor, plan):
        raise NotFound("We could not find that learning plan.")
    return plan


def plans_shared_with(*, actor: Actor) -> QuerySet[LearningPlan]:
    """The learning plans students shared with the actor (as their learning advisor)."""
    if not is_person(actor):
        return LearningPlan.objects.none()
    return LearningPlan.objects.filter(shared_with=actor).select_related("student__college")


def learning_advisors(*, college: College) -> list[Any]:
    """The college's learning advisors, for a student choosing whom to share their plan with."""
    from ..models import CollegeStaff, StaffRole

    return [
        row.user
        for row in CollegeStaff.objects.filter(
            college=college, role=StaffRole.LEARNING_ADVISOR
        ).select_related("user")
    ]


def _completion_rule(enrolment: Enrolment, session_count: int) -> CompletionRule:
    course = enrolment.course
    return CompletionRule(
        sessions=session_count,
        minimum=course.min_sessions_to_complete,
        first_required=course.first_session_required,
    )


def enrolment_completed(enrolment: Enrolment) -> bool:
    """Whether the student met the course's completion rule (reads the register)."""
    if enrolment.status != EnrolmentStatus.ENROLLED:
        return False
    numbers = dict(enrolment.course.sessions.values_list("pk", "number"))
    marks = {
        numbers[session_id]: mark
        for session_id, mark in enrolment.attendance.values_list("session_id", "mark")
        if session_id in numbers
    }
    return has_completed(_completion_rule(enrolment, len(numbers)), marks)
