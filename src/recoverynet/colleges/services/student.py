"""Registering as a student of a college: once, with a short, kind form. Nothing health-related is
ever required; the college's own questions are optional unless it marks them required."""

from __future__ import annotations

from collections.abc import Mapping

from django.contrib.auth import get_user_model
from django.db import IntegrityError, transaction

from recoverynet.accounts.actors import Actor, person
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import College, RegistrationQuestion, Student


def _answers(college: College, answers: Mapping[str, str]) -> dict[str, str]:
    questions = {str(q.pk): q for q in college.questions.filter(active=True)}
    out: dict[str, str] = {}
    for key, question in questions.items():
        field = f"question_{key}"
        value = clean_text(answers.get(key, "") or "", field=field, max_length=1000)
        if question.required and not value:
            raise ApplicationError(
                "invalid", f"Answer “{question.label}”.", field=field, status=422
            )
        if value:
            out[key] = value
    return out


def _create(
    *,
    actor: Actor,
    college: College,
    user: User,
    preferred_name: str,
    phone: str,
    answers: Mapping[str, str],
    on_behalf: bool,
) -> Student:
    name = clean_text(
        preferred_name, field="preferred_name", max_length=100, required=True, single_line=True
    )
    student = Student(
        college=college,
        user=user,
        preferred_name=name,
        phone=clean_text(phone, field="phone", max_length=40, single_line=True),
        answers=_answers(college, answers),
        registered_by=person(actor) if on_behalf else None,
    )
    try:
        with transaction.atomic():
            student.save()
    except IntegrityError:
        raise ApplicationError(
            "already_registered",
            "You are already registered with this college.",
            field="preferred_name",
            status=409,
        ) from None
    audit.record(
        actor=actor,
        action="colleges.student.registered",
        obj=student,
        changes={"on_behalf": on_behalf},
        label=f"Student {student.pk} of {college}",
    )
    return student


@transaction.atomic
def student_register(
    *,
    actor: Actor,
    college: College,
    preferred_name: str,
    phone: str = "",
    answers: Mapping[str, str] | None = None,
) -> Student:
    """The signed-in person registers themselves as a student of the college."""
    return _create(
        actor=actor,
        college=college,
        user=person(actor),
        preferred_name=preferred_name,
        phone=phone,
        answers=answers or {},
        on_behalf=False,
    )


@transaction.atomic
def student_register_for(
    *,
    actor: Actor,
    college: College,
    email: str,
    preferred_name: str,
    phone: str = "",
    answers: Mapping[str, str] | None = None,
) -> Student:
    """Staff register someone (e.g. on the phone). A person without an account gets one, with no
    password until they set one; that staff did it is recorded."""
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    address = clean_text(email, field="email", max_length=254, required=True, single_line=True)
    if "@" not in address:
        raise ApplicationError(
            "invalid", "Enter a valid e-mail address.", field="email", status=422
        )
    users = get_user_model().objects
    user = users.filter(email__iexact=address).first()
    if user is None:
        user = users.create_user(email=address, password=None, preferred_name=preferred_name[:80])
    assert isinstance(user, User)
    return _create(
        actor=actor,
        college=college,
        user=user,
        preferred_name=preferred_name,
        phone=phone,
        answers=answers or {},
        on_behalf=True,
    )


@transaction.atomic
def question_add(
    *, actor: Actor, college: College, label: str, hint: str = "", required: bool = False
) -> RegistrationQuestion:
    """Add a question to the college's registration form."""
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    question = RegistrationQuestion.objects.create(
        college=college,
        label=clean_text(label, field="label", max_length=200, required=True, single_line=True),
        hint=clean_text(hint, field="hint", max_length=300, single_line=True),
        required=required,
        order=college.questions.count() + 1,
    )
    audit.record(actor=actor, action="colleges.question.added", obj=question)
    return question


@transaction.atomic
def question_update(
    *,
    actor: Actor,
    question: RegistrationQuestion,
    label: str,
    hint: str = "",
    required: bool = False,
    active: bool = True,
) -> RegistrationQuestion:
    """Change a registration question, or stop asking it (answers already given are kept)."""
    if not access.can_run_college(actor, question.college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    fields = ("label", "hint", "required", "active")
    before = audit.snapshot(question, fields)
    question.label = clean_text(
        label, field="label", max_length=200, required=True, single_line=True
    )
    question.hint = clean_text(hint, field="hint", max_length=300, single_line=True)
    question.required = required and active
    question.active = active
    question.save()
    audit.record(
        actor=actor,
        action="colleges.question.updated",
        obj=question,
        changes=audit.diff(question, before, fields),
    )
    return question
