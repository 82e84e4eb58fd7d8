"""The individual learning plan: owned by the student; shared only with the learning advisor they
choose. Never required, never counted. The audit log records that it changed, never what it says."""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction

from recoverynet.accounts.actors import Actor, person
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.text import clean_text

from .. import access
from ..models import Course, LearningPlan, LearningPlanNote, Student
from ..models.student import LearningPlanNoteKind


def _own(actor: Actor, student: Student) -> None:
    if student.user_id != person(actor).pk:
        raise NotFound("We could not find that learning plan.")


@transaction.atomic
def plan_save(
    *, actor: Actor, student: Student, goals: str, courses: Sequence[Course] = ()
) -> LearningPlan:
    """The student writes their goals in their own words and picks the courses they chose."""
    _own(actor, student)
    clean_goals = clean_text(goals, field="goals", max_length=4000)
    for course in courses:
        if course.term.college_id != student.college_id:
            raise ApplicationError(
                "invalid", "Choose courses from your college.", field="courses", status=422
            )
    plan, _ = LearningPlan.objects.get_or_create(student=student)
    plan.goals = clean_goals
    plan.save(update_fields=["goals", "updated_at"])
    plan.courses.set(courses)
    audit.record(
        actor=actor, action="colleges.learning_plan.saved", obj=plan, label="Learning plan"
    )
    return plan


@transaction.atomic
def plan_share(*, actor: Actor, plan: LearningPlan, advisor: User | None) -> LearningPlan:
    """Share the plan with one of the college's learning advisors, or stop sharing (None)."""
    _own(actor, plan.student)
    if advisor is not None and not access.is_learning_advisor(advisor, plan.student.college):
        raise ApplicationError(
            "invalid", "Choose one of the college's learning advisors.", field="advisor", status=422
        )
    plan.shared_with = advisor
    plan.save(update_fields=["shared_with", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.learning_plan.shared" if advisor else "colleges.learning_plan.unshared",
        obj=plan,
        label="Learning plan",
    )
    return plan


@transaction.atomic
def plan_note_add(
    *, actor: Actor, plan: LearningPlan, text: str, kind: str = LearningPlanNoteKind.NOTE
) -> LearningPlanNote:
    """A note or review on the plan, by the student or the advisor they share it with."""
    if not access.can_see_plan(actor, plan):
        raise NotFound("We could not find that learning plan.")
    if kind not in LearningPlanNoteKind.values:
        raise ApplicationError("invalid", "Choose note or review.", field="kind", status=422)
    note = LearningPlanNote.objects.create(
        plan=plan,
        author=person(actor),
        kind=kind,
        text=clean_text(text, field="text", max_length=4000, required=True),
    )
    audit.record(
        actor=actor, action="colleges.learning_plan.note_added", obj=plan, label="Learning plan"
    )
    return note
