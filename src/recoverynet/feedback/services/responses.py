"""Answering a feedback form (once, editable until it closes) and moderating the answers.

The response is stored without the person; `Respondent` records only that they answered. While the
form is open, `Response.edit_tag` (a keyed hash of the form's salt and the person's id) lets the
person — and only a request made as them — find their own answers again (decision 0025)."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, tokens
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import control_message

from .. import targets
from ..models import (
    Answer,
    FeedbackForm,
    FormStatus,
    Question,
    QuestionKind,
    Respondent,
    Response,
    RoomCard,
)
from .cards import ANSWER_PREFIX
from .common import FieldsInvalid, keyed_tag, require_organiser


def answer_field(question: Question) -> str:
    return f"answers.{question.pk}"


def clean_answers(
    questions: list[Question], raw: Mapping[str, Any]
) -> dict[int, tuple[int | None, str]]:
    """Each question's answer as (rating, text), checked; every problem named by its field."""
    problems: dict[str, str] = {}
    cleaned: dict[int, tuple[int | None, str]] = {}
    known = {str(q.pk) for q in questions}
    for key in raw:
        if str(key) not in known:
            problems[f"answers.{key}"] = "That question is not on this form."
    for q in questions:
        field = answer_field(q)
        value = raw.get(str(q.pk))
        if value is None:
            value = ""
        if q.kind == QuestionKind.RATING:
            text = str(value).strip()
            if not text:
                if q.required:
                    problems[field] = f"Choose a rating for '{q.text}'."
                continue
            if not text.isdigit() or not 1 <= int(text) <= 5:
                problems[field] = f"Choose a rating from 1 to 5 for '{q.text}'."
                continue
            cleaned[q.pk] = (int(text), "")
            continue
        if not isinstance(value, str):
            problems[field] = f"Write your answer to '{q.text}' as text."
            continue
        single = q.kind in (QuestionKind.SHORT_TEXT, QuestionKind.CHOICE)
        problem = control_message("answer", value, single_line=single)
        if problem:
            problems[field] = problem
            continue
        text = value.strip()
        if not text:
            if q.required:
                problems[field] = (
                    f"Answer '{q.text}'."
                    if not value
                    else f"Your answer to '{q.text}' cannot be only spaces."
                )
            continue
        if q.kind == QuestionKind.CHOICE:
            match = next((c for c in q.choices if c.lower() == text.lower()), None)
            if match is None:
                problems[field] = f"Choose one of the answers to '{q.text}'."
                continue
            text = match
        elif len(text) > q.max_length:
            problems[field] = (
                f"Your answer to '{q.text}' must be {q.max_length} characters or fewer "
                f"(it is {len(text)})."
            )
            continue
        cleaned[q.pk] = (None, text)
    if problems:
        raise FieldsInvalid(problems)
    return cleaned


def _require_open(form: FeedbackForm) -> None:
    closes = form.closes_at
    if form.status != FormStatus.OPEN or (closes is not None and closes <= timezone.now()):
        raise ApplicationError(
            "form_closed",
            "This feedback form is not open"
            + (" yet." if form.status == FormStatus.DRAFT else " any more."),
            status=409,
        )


def require_attended(user: Any, form: FeedbackForm) -> None:
    kind = targets.kind_of(form.target_kind)
    target = targets.resolve(form.target_kind, form.target_id)
    if not kind.attended(target, user):
        raise PermissionDenied(
            "Only people who attended can give feedback. If you were there, ask the organisers "
            "to record your attendance."
        )


@transaction.atomic
def response_submit(*, actor: Actor, form: FeedbackForm, answers: Mapping[str, Any]) -> Response:
    """Answer the form, or change one's answers while it is open. One response per person."""
    user = person(actor)
    form = FeedbackForm.objects.select_for_update().get(pk=form.pk)
    _require_open(form)
    require_attended(user, form)
    questions = list(form.questions.all())
    cleaned = clean_answers(questions, answers)
    tag = keyed_tag("response", form.salt, user.pk)
    response = Response.objects.filter(form=form, edit_tag=tag).first()
    changed = response is not None
    if response is None:
        try:
            with transaction.atomic():
                Respondent.objects.create(form=form, person=user)
        except IntegrityError as exc:
            raise ApplicationError(
                "already_answered", "You have already given feedback on this.", status=409
            ) from exc
        response = Response.objects.create(form=form, edit_tag=tag)
    _write_answers(response, questions, cleaned)
    audit.record(
        actor=actor,
        action="feedback.response.changed" if changed else "feedback.response.submitted",
        obj=form,
        changes={"answers": len(cleaned)},
    )
    return response


def _write_answers(
    response: Response, questions: list[Question], cleaned: dict[int, tuple[int | None, str]]
) -> None:
    """Replace the response's answers (a hidden answer given again unchanged stays hidden)."""
    previous = {a.question_id: a for a in response.answers.all()}
    keep: list[Answer] = []
    for q in questions:
        if q.pk not in cleaned:
            continue
        rating, text = cleaned[q.pk]
        old = previous.get(q.pk)
        same = old is not None and old.rating == rating and old.text == text
        keep.append(
            Answer(
                response=response,
                question=q,
                rating=rating,
                text=text,
                hidden_reason=old.hidden_reason if same and old else "",
                hidden_at=old.hidden_at if same and old else None,
            )
        )
    response.answers.all().delete()
    Answer.objects.bulk_create(keep)


def _card_valid(form: FeedbackForm, token: str) -> bool:
    """Whether this device token came from one of the form's room cards."""
    if not token.startswith(ANSWER_PREFIX) or len(token) > 100:
        return False
    return RoomCard.objects.filter(form=form, token_hash=tokens.digest(token)).exists()


@transaction.atomic
def response_submit_with_card(
    *, actor: Actor, form: FeedbackForm, token: str, answers: Mapping[str, Any]
) -> Response:
    """Answer (or change the answers) from a device that joined with a room card (decision 0036):
    one response per card, found again by a keyed hash of the device's raw token, which only the
    device holds (so not even the cards, the database and the key together find it)."""
    form = FeedbackForm.objects.select_for_update().get(pk=form.pk)
    _require_open(form)
    if not _card_valid(form, token):
        raise PermissionDenied(
            "This device has not joined with a card for this form. Enter the code on your card."
        )
    questions = list(form.questions.all())
    cleaned = clean_answers(questions, answers)
    tag = keyed_tag("response", form.salt, f"card:{token}")
    response = Response.objects.filter(form=form, edit_tag=tag).first()
    changed = response is not None
    if response is None:
        response = Response.objects.create(form=form, edit_tag=tag)
    _write_answers(response, questions, cleaned)
    audit.record(
        actor=actor,
        action="feedback.response.changed" if changed else "feedback.response.submitted",
        obj=form,
        changes={"answers": len(cleaned), "with": "room card"},
    )
    return response


@transaction.atomic
def answer_hide(*, actor: Actor, form: FeedbackForm, answer_id: Any, reason: str) -> Answer:
    """Moderation: hide an answer from results and exports, with a reason (audited)."""
    require_organiser(actor, form)
    from recoverynet.core.text import clean_text

    reason = clean_text(reason, field="reason", max_length=300, required=True, single_line=True)
    answer = (
        Answer.objects.select_for_update()
        .select_related("question")
        .filter(pk=answer_id, response__form=form)
        .first()
    )
    if answer is None:
        raise ApplicationError("not_found", "We could not find that answer.", status=404)
    answer.hidden_reason = reason
    answer.hidden_at = timezone.now()
    answer.save(update_fields=["hidden_reason", "hidden_at"])
    audit.record(
        actor=actor,
        action="feedback.answer.hidden",
        obj=form,
        changes={"question": answer.question.text, "reason": reason},
    )
    return answer


@transaction.atomic
def answer_show(*, actor: Actor, form: FeedbackForm, answer_id: Any) -> Answer:
    require_organiser(actor, form)
    answer = (
        Answer.objects.select_for_update()
        .select_related("question")
        .filter(pk=answer_id, response__form=form)
        .first()
    )
    if answer is None:
        raise ApplicationError("not_found", "We could not find that answer.", status=404)
    answer.hidden_reason = ""
    answer.hidden_at = None
    answer.save(update_fields=["hidden_reason", "hidden_at"])
    audit.record(
        actor=actor,
        action="feedback.answer.shown",
        obj=form,
        changes={"question": answer.question.text},
    )
    return answer
