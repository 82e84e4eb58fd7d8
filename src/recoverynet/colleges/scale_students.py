"""generate_scale for colleges, part 2 of a group: students (new people), enrolments, attendance,
certificates and learning plans (see scale.py).

Enrolment follows the services' rules: a course never has more places held (enrolled, or offered
and not expired) than its capacity; a waiting list exists only on a full course, and a place freed
by a cancellation on a course still running was offered to the longest waiting. Marks are recorded
only for enrolled students at sessions already past; a student absent from the first session of a
course that requires it would lose the place (`first_session.places_release`), so such absences are
excused here. A certificate is issued only to a student who met the completion rule."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from recoverynet.accounts.models import User
from recoverynet.core.scale import ScaleContext, insert
from recoverynet.network.scale import FAMILY, GIVEN, PERSPECTIVES, SCALE_DOMAIN

from .models import (
    Attendance,
    AttendanceMark,
    Certificate,
    Enrolment,
    EnrolmentStatus,
    LearningPlan,
    LearningPlanNote,
    LearningPlanNoteKind,
    Student,
)
from .rules import CompletionRule, has_completed
from .scale_parts import GOALS, NOTES, CollegePlan, CourseInfo, GroupState

BUSY_WAITING = 5
BUSY_STUDENT_COURSES_PER_TERM = 3
HEARD = ("From a friend", "My care coordinator", "A poster in the library", "Online")


@dataclass
class Enrolled:
    """An enrolment made in this group, and whose it is."""

    row: Enrolment
    course: CourseInfo
    student: int  # position in its college's students
    marks: dict[int, str] = field(default_factory=dict)


def students_for_group(
    ctx: ScaleContext, group: list[CollegePlan], courses: list[CourseInfo], state: GroupState
) -> int:
    """Make the group's students and everything they did; returns how many students."""
    users = insert(ctx, User, [_user(ctx, state) for p in group for _ in range(p.students)])
    rows: list[Student] = []
    position = 0
    for plan in group:
        mine = users[position : position + plan.students]
        position += plan.students
        plan.student_users = [u.pk for u in mine[:3]]
        rows.extend(_student(ctx, plan, user) for user in mine)
    students = insert(ctx, Student, rows)
    by_college: dict[int, list[Student]] = {}
    for student in students:
        by_college.setdefault(student.college_id, []).append(student)
    ctx.ids.setdefault("colleges.students", []).extend(s.pk for s in students)
    busy = next((p for p in group if p.busy), None)
    if busy is not None:
        ctx.ids["colleges.busy_student"] = [by_college[busy.pk][0].pk]
    made = [
        e
        for course in courses
        if course.published
        for e in _enrolments(ctx, course, by_college[course.college.pk])
    ]
    insert(ctx, Enrolment, [e.row for e in made])
    marks = [a for e in made for a in _attendance(ctx, e)]
    insert(ctx, Attendance, marks)
    certificates = [c for e in made if (c := _certificate(ctx, e, by_college)) is not None]
    insert(ctx, Certificate, certificates)
    plans, links, notes = _plans(ctx, group, by_college, made)
    for label, count in (
        ("student users", len(users)),
        ("enrolments", len(made)),
        ("attendance marks", len(marks)),
        ("certificates", len(certificates)),
        ("learning plans", plans),
        ("learning plan courses", links),
        ("learning plan notes", notes),
    ):
        ctx.counts[label] = ctx.counts.get(label, 0) + count
    return len(students)


def _user(ctx: ScaleContext, state: GroupState) -> User:
    given = ctx.rng.choice(GIVEN)
    state.next_user += 1
    return User(
        email=f"student{state.next_user - 1}@{SCALE_DOMAIN}",
        full_name=f"{given} {ctx.rng.choice(FAMILY)}",
        preferred_name=given,
        perspective=ctx.rng.choice(PERSPECTIVES),
        password=state.password,
        is_active=True,
    )


def _student(ctx: ScaleContext, plan: CollegePlan, user: User) -> Student:
    answers = {}
    if plan.questions and ctx.rng.random() < 0.3:
        answers[str(plan.questions[0])] = ctx.rng.choice(HEARD)
    return Student(
        public_id=ctx.uuid(),
        college_id=plan.pk,
        user_id=user.pk,
        preferred_name=user.preferred_name,
        phone=f"07700 {ctx.rng.randint(100000, 999999)}" if ctx.rng.random() < 0.6 else "",
        answers=answers,
        registered_by_id=plan.administrator if ctx.rng.random() < 0.1 else None,
    )


def _enrolments(ctx: ScaleContext, course: CourseInfo, pool: list[Student]) -> list[Enrolled]:
    """A course's enrolments: the first `capacity` who asked got places (a few cancelled), the
    rest waited; on a course not yet over, freed places are on offer to the first in the queue."""
    cap = course.capacity
    if course.busy:
        demand = min(len(pool), cap + BUSY_WAITING)
    else:
        demand = min(len(pool), round(cap * ctx.rng.uniform(0.3, 1.25)))
    chosen = ctx.rng.sample(range(len(pool)), demand)
    if course.college.busy and (course.busy or course.rank < BUSY_STUDENT_COURSES_PER_TERM):
        chosen = [0, *[k for k in chosen if k != 0][: max(0, demand - 1)]]
    first, last = course.sessions[0][1], course.sessions[-1][1]
    anchor = ctx.anchor
    running = course.current and last > anchor
    out: list[Enrolled] = []
    freed = 0
    for order, k in enumerate(chosen):
        asked = min(
            first - datetime.timedelta(hours=ctx.rng.randint(24, 24 * 40)),
            anchor - datetime.timedelta(hours=ctx.rng.randint(1, 24 * 10)),
        )
        row = Enrolment(public_id=ctx.uuid(), course_id=course.pk, student_id=pool[k].pk)
        if ctx.rng.random() < 0.15:
            row.enrolled_by_id = course.college.administrator
            row.how = ctx.rng.choice(("phone", "in person"))
        if order < cap:
            row.enrolled_at = asked
            if not course.busy and k != 0 and ctx.rng.random() < 0.12:
                row.status = EnrolmentStatus.CANCELLED
                row.cancelled_at = min(
                    asked + datetime.timedelta(days=ctx.rng.randint(1, 9)), anchor
                )
                freed += 1
            else:
                row.status = EnrolmentStatus.ENROLLED
        else:
            row.waiting_since = asked
            _queue(ctx, row, course, running, offer=freed > 0)
            freed = max(0, freed - 1)
        out.append(Enrolled(row=row, course=course, student=k))
    return out


def _queue(
    ctx: ScaleContext, row: Enrolment, course: CourseInfo, running: bool, *, offer: bool
) -> None:
    """A student past the capacity: still waiting, or offered a freed place (on a course still
    running); on a finished course they left the list or let an offer run out."""
    anchor = ctx.anchor
    if running and offer:
        row.status = EnrolmentStatus.OFFERED
        row.offer_expires_at = anchor + datetime.timedelta(
            hours=ctx.rng.randint(2, course.offer_hours)
        )
    elif running:
        row.status = EnrolmentStatus.WAITING
    elif ctx.rng.random() < 0.5:
        row.status = EnrolmentStatus.CANCELLED
        row.cancelled_at = min(course.sessions[0][1], anchor)
    else:
        row.status = EnrolmentStatus.EXPIRED
        assert row.waiting_since is not None
        row.offer_expires_at = min(row.waiting_since + datetime.timedelta(days=5), anchor)
        row.cancelled_at = row.offer_expires_at


def _attendance(ctx: ScaleContext, e: Enrolled) -> list[Attendance]:
    if e.row.status != EnrolmentStatus.ENROLLED:
        return []
    course = e.course
    reliable = 0.97 if course.busy else ctx.rng.uniform(0.55, 1.0)
    out = []
    for number, (session, starts) in enumerate(course.sessions, start=1):
        if starts >= ctx.anchor:
            break
        # A register now and then not taken (never the busy course's).
        if not course.busy and (course.college.index * 31 + course.rank * 7 + number) % 16 == 0:
            continue
        if ctx.rng.random() < reliable:
            mark = AttendanceMark.PRESENT if ctx.rng.random() < 0.92 else AttendanceMark.LATE
        elif (number == 1 and course.first_required) or ctx.rng.random() < 0.4:
            mark = AttendanceMark.EXCUSED
        else:
            mark = AttendanceMark.ABSENT
        e.marks[number] = mark
        out.append(
            Attendance(
                enrolment_id=e.row.pk, session_id=session, mark=mark, recorded_by_id=course.trainer
            )
        )
    return out


def _certificate(
    ctx: ScaleContext, e: Enrolled, by_college: dict[int, list[Student]]
) -> Certificate | None:
    """For most students who completed a finished course (issued by the college or themselves)."""
    course = e.course
    if e.row.status != EnrolmentStatus.ENROLLED or course.sessions[-1][1] >= ctx.anchor:
        return None
    rule = CompletionRule(
        sessions=len(course.sessions), minimum=course.minimum, first_required=course.first_required
    )
    if not has_completed(rule, e.marks) or ctx.rng.random() >= 0.6:
        return None
    student = by_college[course.college.pk][e.student]
    return Certificate(
        public_id=ctx.uuid(),
        enrolment_id=e.row.pk,
        name_on_certificate=student.preferred_name,
        issued_by_id=course.college.manager if ctx.rng.random() < 0.7 else student.user_id,
    )


def _plans(
    ctx: ScaleContext,
    group: list[CollegePlan],
    by_college: dict[int, list[Student]],
    made: list[Enrolled],
) -> tuple[int, int, int]:
    """Learning plans for about a fifth of the students (the busy student's shared with an
    advisor), with the courses they chose and a few notes."""
    chosen: dict[int, list[int]] = {}
    for e in made:
        if e.row.status == EnrolmentStatus.ENROLLED:
            chosen.setdefault(e.row.student_id, []).append(e.course.pk)
    plans: list[LearningPlan] = []
    owners: list[tuple[CollegePlan, Student]] = []
    for plan in group:
        for k, student in enumerate(by_college[plan.pk]):
            busy = plan.busy and k == 0
            if not busy and ctx.rng.random() >= 0.2:
                continue
            shared = busy or ctx.rng.random() < 0.5
            plans.append(
                LearningPlan(
                    public_id=ctx.uuid(),
                    student_id=student.pk,
                    goals=ctx.rng.choice(GOALS),
                    shared_with_id=plan.advisor if shared else None,
                )
            )
            owners.append((plan, student))
    insert(ctx, LearningPlan, plans)
    through = LearningPlan.courses.through
    links = [
        through(learningplan_id=lp.pk, course_id=c)
        for lp, (_, student) in zip(plans, owners, strict=True)
        for c in chosen.get(student.pk, [])[:3]
    ]
    insert(ctx, through, links)
    notes = []
    for lp, (plan, student) in zip(plans, owners, strict=True):
        count = 4 if plan.busy and student is by_college[plan.pk][0] else ctx.rng.randint(0, 4)
        for n in range(count):
            advisor = lp.shared_with_id is not None and n % 2 == 1
            notes.append(
                LearningPlanNote(
                    plan_id=lp.pk,
                    author_id=plan.advisor if advisor else student.user_id,
                    kind=LearningPlanNoteKind.REVIEW if advisor else LearningPlanNoteKind.NOTE,
                    text=ctx.rng.choice(NOTES),
                )
            )
    insert(ctx, LearningPlanNote, notes)
    return len(plans), len(links), len(notes)
