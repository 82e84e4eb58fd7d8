"""Feedback forms: attaching one to a target with the default questions, editing the questions
(as data: kind, wording, order, required), opening and closing."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.db import IntegrityError, transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text

from .. import targets
from ..domain_events import FORM_CLOSED
from ..models import FeedbackForm, FormStatus, Question, QuestionKind, QuestionPurpose
from .common import new_salt, require_organiser, short_code

RECOMMEND_CHOICES = ["Yes", "Maybe", "No"]


@dataclass(frozen=True)
class QuestionInput:
    kind: str
    text: str
    hint: str = ""
    required: bool = False
    purpose: str = ""
    choices: list[str] = field(default_factory=list)
    max_length: int = 2000


def default_questions(kind_label: str) -> list[QuestionInput]:
    """The plain-English default form (editable per form afterwards)."""
    thing = kind_label.lower()
    return [
        QuestionInput(
            QuestionKind.RATING,
            f"Overall, how would you rate this {thing}?",
            "1 is poor, 5 is excellent.",
            True,
            QuestionPurpose.OVERALL,
        ),
        QuestionInput(
            QuestionKind.SHORT_TEXT,
            "A word or phrase to sum up the day",
            "For example: hopeful, or improvement in progress.",
            False,
            QuestionPurpose.WORD,
            max_length=60,
        ),
        QuestionInput(
            QuestionKind.CHOICE,
            "Would you recommend this to a colleague?",
            "",
            False,
            QuestionPurpose.RECOMMEND,
            list(RECOMMEND_CHOICES),
        ),
        QuestionInput(QuestionKind.LONG_TEXT, "What helped?", "", False, max_length=2000),
        QuestionInput(QuestionKind.LONG_TEXT, "What could be better?", "", False, max_length=2000),
        QuestionInput(
            QuestionKind.LONG_TEXT,
            "A note to the organisers only",
            "Optional. Only the organisers read this, never the hosts or other attendees.",
            False,
            QuestionPurpose.ORGANISERS,
            max_length=2000,
        ),
    ]


def _clean_question(data: QuestionInput, *, prefix: str = "") -> dict[str, object]:
    if data.kind not in QuestionKind.values:
        raise ApplicationError(
            "invalid", "Choose a kind of question from the list.", field=f"{prefix}kind", status=422
        )
    if data.purpose not in QuestionPurpose.values:
        raise ApplicationError(
            "invalid",
            "Choose what the question is for from the list.",
            field=f"{prefix}purpose",
            status=422,
        )
    text = clean_text(
        data.text, field=f"{prefix}text", max_length=300, required=True, single_line=True
    )
    hint = clean_text(data.hint, field=f"{prefix}hint", max_length=300, single_line=True)
    choices: list[str] = []
    if data.kind == QuestionKind.CHOICE:
        choices = [
            clean_text(c, field=f"{prefix}choices", max_length=100, single_line=True)
            for c in data.choices
        ]
        choices = [c for c in choices if c]
        if len(choices) < 2 or len(choices) > 10:
            raise ApplicationError(
                "invalid",
                "Give between 2 and 10 choices, one a line.",
                field=f"{prefix}choices",
                status=422,
            )
        if len({c.lower() for c in choices}) != len(choices):
            raise ApplicationError(
                "invalid", "Each choice must be different.", field=f"{prefix}choices", status=422
            )
    if data.purpose == QuestionPurpose.OVERALL and data.kind != QuestionKind.RATING:
        raise ApplicationError(
            "invalid",
            "The overall rating must be a rating question.",
            field=f"{prefix}purpose",
            status=422,
        )
    if data.purpose == QuestionPurpose.RECOMMEND and data.kind != QuestionKind.CHOICE:
        raise ApplicationError(
            "invalid",
            "'Would recommend' must be a choose-one question.",
            field=f"{prefix}purpose",
            status=422,
        )
    if not 1 <= data.max_length <= 5000:
        raise ApplicationError(
            "invalid",
            "The longest answer must be between 1 and 5000 characters.",
            field=f"{prefix}max_length",
            status=422,
        )
    return {
        "kind": data.kind,
        "text": text,
        "hint": hint,
        "required": bool(data.required),
        "purpose": data.purpose,
        "choices": choices,
        "max_length": data.max_length if data.kind != QuestionKind.RATING else 1,
    }


def _check_delay(invite_delay_hours: int) -> None:
    if not 0 <= invite_delay_hours <= 24 * 14:
        raise ApplicationError(
            "invalid",
            "Send the invitations between 0 and 336 hours (14 days) after the end.",
            field="invite_delay_hours",
            status=422,
        )


def _check_retention(days: int) -> None:
    if not 1 <= days <= 3650:
        raise ApplicationError(
            "invalid",
            "Keep contact details for between 1 and 3650 days.",
            field="contact_retention_days",
            status=422,
        )


@transaction.atomic
def form_create(
    *,
    actor: Actor,
    target_kind: str,
    target_id: str,
    title: str = "",
    invite_delay_hours: int = 2,
    contact_retention_days: int = 90,
    questions: list[QuestionInput] | None = None,
) -> FeedbackForm:
    """Attach a feedback form (with the default questions unless others are given)."""
    kind = targets.kind_of(target_kind)
    target = targets.resolve(target_kind, target_id)
    require_organiser(actor, target)
    title = (
        clean_text(title, field="title", max_length=200, single_line=True)
        or (f"Feedback on {target.label}"[:200])
    )
    _check_delay(invite_delay_hours)
    _check_retention(contact_retention_days)
    cleaned = [
        _clean_question(q, prefix=f"questions.{i}.")
        for i, q in enumerate(questions or default_questions(kind.label))
    ]
    if not cleaned:
        raise ApplicationError(
            "invalid", "Add at least one question.", field="questions", status=422
        )
    try:
        with transaction.atomic():
            form = FeedbackForm.objects.create(
                target_kind=target.kind,
                target_id=target.id,
                target_label=target.label[:300],
                network_id=target.network_id,
                host_id=target.host_id,
                target_ends_at=target.ends_at,
                title=title,
                invite_delay_hours=invite_delay_hours,
                contact_retention_days=contact_retention_days,
                short_code=short_code(),
                created_by=person(actor),
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "form_exists", "There is already a feedback form for this.", status=409
        ) from exc
    Question.objects.bulk_create(
        [Question(form=form, order=i + 1, **values) for i, values in enumerate(cleaned)]
    )
    audit.record(
        actor=actor,
        action="feedback.form.created",
        obj=form,
        changes={"target": f"{target.kind}:{target.id}", "questions": len(cleaned)},
    )
    return form


def _locked(form: FeedbackForm) -> FeedbackForm:
    return FeedbackForm.objects.select_for_update().get(pk=form.pk)


def _require_editable_questions(form: FeedbackForm) -> None:
    if form.status != FormStatus.DRAFT:
        raise ApplicationError(
            "form_not_draft",
            "Questions can only be changed before the form opens, so that every answer is to the "
            "same question.",
            status=409,
        )


@transaction.atomic
def form_update(
    *,
    actor: Actor,
    form: FeedbackForm,
    title: str,
    intro: str,
    invite_delay_hours: int,
    contact_retention_days: int,
    closes_at: datetime.datetime | None,
) -> FeedbackForm:
    require_organiser(actor, form)
    form = _locked(form)
    before = audit.snapshot(form, ["title", "intro", "invite_delay_hours", "closes_at"])
    form.title = clean_text(title, field="title", max_length=200, required=True, single_line=True)
    form.intro = clean_text(intro, field="intro", max_length=2000)
    _check_delay(invite_delay_hours)
    _check_retention(contact_retention_days)
    if closes_at is not None and closes_at <= form.target_ends_at:
        raise ApplicationError(
            "invalid", "The form must close after the event ends.", field="closes_at", status=422
        )
    form.invite_delay_hours = invite_delay_hours
    form.contact_retention_days = contact_retention_days
    form.closes_at = closes_at
    form.save()
    audit.record(
        actor=actor,
        action="feedback.form.updated",
        obj=form,
        changes=audit.diff(form, before, list(before)),
    )
    return form


@transaction.atomic
def question_add(*, actor: Actor, form: FeedbackForm, data: QuestionInput) -> Question:
    require_organiser(actor, form)
    form = _locked(form)
    _require_editable_questions(form)
    values = _clean_question(data)
    last = form.questions.order_by("-order").values_list("order", flat=True).first() or 0
    if form.questions.count() >= 30:
        raise ApplicationError("invalid", "A form can have at most 30 questions.", status=422)
    question = Question.objects.create(form=form, order=last + 1, **values)
    audit.record(
        actor=actor, action="feedback.question.added", obj=form, changes={"question": question.text}
    )
    return question


@transaction.atomic
def question_update(*, actor: Actor, question: Question, data: QuestionInput) -> Question:
    form = question.form
    require_organiser(actor, form)
    _require_editable_questions(_locked(form))
    values = _clean_question(data)
    for name, value in values.items():
        setattr(question, name, value)
    question.save()
    audit.record(
        actor=actor,
        action="feedback.question.updated",
        obj=form,
        changes={"question": question.text},
    )
    return question


@transaction.atomic
def question_remove(*, actor: Actor, question: Question) -> None:
    form = question.form
    require_organiser(actor, form)
    _require_editable_questions(_locked(form))
    if form.questions.count() <= 1:
        raise ApplicationError("invalid", "A form needs at least one question.", status=409)
    text = question.text
    question.delete()
    audit.record(
        actor=actor, action="feedback.question.removed", obj=form, changes={"question": text}
    )


@transaction.atomic
def question_move(*, actor: Actor, question: Question, up: bool) -> None:
    form = question.form
    require_organiser(actor, form)
    _require_editable_questions(_locked(form))
    ordered = list(form.questions.order_by("order", "id"))
    i = next(n for n, q in enumerate(ordered) if q.pk == question.pk)
    j = i - 1 if up else i + 1
    if 0 <= j < len(ordered):
        ordered[i], ordered[j] = ordered[j], ordered[i]
    for n, q in enumerate(ordered, start=1):
        if q.order != n:
            Question.objects.filter(pk=q.pk).update(order=n)
    audit.record(
        actor=actor,
        action="feedback.question.moved",
        obj=form,
        changes={"question": question.text, "up": up},
    )


@transaction.atomic
def form_open(*, actor: Actor, form: FeedbackForm) -> FeedbackForm:
    require_organiser(actor, form)
    form = _locked(form)
    if form.status == FormStatus.CLOSED:
        raise ApplicationError(
            "form_closed", "A closed form cannot open again: its answers are final.", status=409
        )
    if form.status == FormStatus.OPEN:
        return form
    form.status = FormStatus.OPEN
    form.salt = new_salt()
    form.save(update_fields=["status", "salt", "updated_at"])
    audit.record(actor=actor, action="feedback.form.opened", obj=form)
    return form


def _close(form: FeedbackForm) -> int:
    """Close a locked form: wipe the salt and every edit tag, so no answer can be linked to anyone."""
    form.status = FormStatus.CLOSED
    form.salt = ""
    form.closes_at = form.closes_at or timezone.now()
    form.save(update_fields=["status", "salt", "closes_at", "updated_at"])
    form.responses.exclude(edit_tag="").update(edit_tag="")
    responses = form.responses.count()
    domain_events.emit(
        FORM_CLOSED.name,
        network_slug=form.network.slug,
        data={
            "form_id": str(form.public_id),
            "target_kind": form.target_kind,
            "target_id": form.target_id,
            "responses": responses,
        },
    )
    return responses


@transaction.atomic
def form_close(*, actor: Actor | None, form: FeedbackForm) -> FeedbackForm:
    if actor is not None:
        require_organiser(actor, form)
    form = _locked(form)
    if form.status == FormStatus.CLOSED:
        return form
    responses = _close(form)
    audit.record(
        actor=actor, action="feedback.form.closed", obj=form, changes={"responses": responses}
    )
    return form
