"""Feedback forms over HTTP: organisers build, open, close and moderate; people who attended answer
for themselves; results are aggregates, suppressed below the threshold."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse
from ninja import Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors

from .. import selectors, services, targets
from ..models import FeedbackForm, FormStatus
from .routing import router
from .schemas import FormIn, FormOut, HideIn, QuestionIn, ResponseIn, ResponseOut, ResultsOut


def form_out(form: FeedbackForm) -> dict[str, Any]:
    return {
        "id": form.public_id,
        "title": form.title,
        "status": form.status,
        "target_kind": form.target_kind,
        "target_id": form.target_id,
        "target_label": form.target_label,
        "short_link": settings.SITE_URL + reverse("feedback:short-link", args=[form.short_code]),
        "invite_delay_hours": form.invite_delay_hours,
        "invitations_sent_at": form.invitations_sent_at,
        "closes_at": form.closes_at,
        "questions": [
            {
                "id": q.pk,
                "kind": q.kind,
                "text": q.text,
                "hint": q.hint,
                "required": q.required,
                "purpose": q.purpose,
                "choices": q.choices,
                "max_length": q.max_length,
            }
            for q in selectors.questions(form)
        ],
    }


def _question(payload: QuestionIn) -> services.QuestionInput:
    return services.QuestionInput(
        kind=payload.kind,
        text=payload.text,
        hint=payload.hint,
        required=payload.required,
        purpose=payload.purpose,
        choices=list(payload.choices),
        max_length=payload.max_length,
    )


@router.post(
    "/feedback/forms",
    response={201: FormOut, **errors(409)},
    auth=api_auth,
    summary="Attach a feedback form (default questions unless given)",
)
def form_create(request: HttpRequest, payload: FormIn) -> Any:
    form = services.form_create(
        actor=request.user,
        target_kind=payload.target_kind,
        target_id=payload.target_id,
        title=payload.title,
        invite_delay_hours=payload.invite_delay_hours,
        contact_retention_days=payload.contact_retention_days,
        questions=[_question(q) for q in payload.questions] if payload.questions else None,
    )
    return Status(201, form_out(form))


@router.get(
    "/feedback/forms/{form_id}",
    response=FormOut,
    auth=api_auth,
    summary="A feedback form and its questions (organisers)",
)
def form_detail(request: HttpRequest, form_id: UUID) -> Any:
    return form_out(selectors.form_for_organiser(actor=request.user, public_id=form_id))


@router.post(
    "/feedback/forms/{form_id}/questions",
    response={201: FormOut, **errors(409)},
    auth=api_auth,
    summary="Add a question (before the form opens)",
)
def question_add(request: HttpRequest, form_id: UUID, payload: QuestionIn) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    services.question_add(actor=request.user, form=form, data=_question(payload))
    return Status(201, form_out(form))


@router.delete(
    "/feedback/forms/{form_id}/questions/{question_id}",
    response={200: FormOut, **errors(409)},
    auth=api_auth,
    summary="Remove a question (before the form opens)",
)
def question_remove(request: HttpRequest, form_id: UUID, question_id: int) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    question = next((q for q in selectors.questions(form) if q.pk == question_id), None)
    if question is None:
        from recoverynet.core.errors import NotFound

        raise NotFound("We could not find that question.")
    services.question_remove(actor=request.user, question=question)
    return form_out(form)


@router.post(
    "/feedback/forms/{form_id}/open",
    response={200: FormOut, **errors(409)},
    auth=api_auth,
    summary="Open a form for answers",
)
def form_open(request: HttpRequest, form_id: UUID) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    return form_out(services.form_open(actor=request.user, form=form))


@router.post(
    "/feedback/forms/{form_id}/close",
    response=FormOut,
    auth=api_auth,
    summary="Close a form: its answers become final and unlinkable",
)
def form_close(request: HttpRequest, form_id: UUID) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    return form_out(services.form_close(actor=request.user, form=form))


def _own(request: HttpRequest, form: FeedbackForm) -> dict[str, Any]:
    own = selectors.own_answers(actor=request.user, form=form)
    return {
        "answered": own is not None or selectors.has_answered(actor=request.user, form=form),
        "editable": own is not None and form.status == FormStatus.OPEN,
        "answers": own or {},
    }


@router.get(
    "/feedback/forms/{form_id}/response",
    response=ResponseOut,
    auth=api_auth,
    summary="Your own answers (while the form is open)",
)
def response_get(request: HttpRequest, form_id: UUID) -> Any:
    form = selectors.form_for_answering(actor=request.user, public_id=form_id)
    return _own(request, form)


@router.put(
    "/feedback/forms/{form_id}/response",
    response={200: ResponseOut, **errors(409)},
    auth=api_auth,
    summary="Answer the form, or change your answers, as yourself",
)
def response_put(request: HttpRequest, form_id: UUID, payload: ResponseIn) -> Any:
    form = selectors.form_for_answering(actor=request.user, public_id=form_id)
    services.response_submit(actor=request.user, form=form, answers=payload.answers)
    return _own(request, form)


@router.get(
    "/feedback/forms/{form_id}/results",
    response=ResultsOut,
    auth=api_auth,
    summary="Aggregate results (suppressed below the threshold)",
)
@private_read(*targets.PAGE_APPS)
def results(request: HttpRequest, form_id: UUID) -> Any:
    form = selectors.form_for_results(actor=request.user, public_id=form_id)
    r = selectors.form_results(actor=request.user, form=form)
    return {
        "form": form.public_id,
        "respondents": r.respondents if r.counts_shown else None,
        "attendees": r.attendees if r.counts_shown else None,
        "rate": r.rate,
        "minimum": r.minimum,
        "answers_shown": r.answers_shown,
        "questions": [
            {
                "id": q.question.pk,
                "text": q.question.text,
                "kind": q.question.kind,
                "purpose": q.question.purpose,
                "answered": q.answered if r.counts_shown else 0,
                "mean": q.mean,
                "distribution": [{"label": k, "count": n} for k, n in q.distribution],
                "words": [{"label": k, "count": n} for k, n in q.words],
                "texts": [a.text for a in q.texts],
            }
            for q in r.questions
        ],
    }


@router.post(
    "/feedback/forms/{form_id}/answers/{answer_id}/hide",
    response={204: None},
    auth=api_auth,
    summary="Hide an answer from results and exports, with a reason",
)
def answer_hide(request: HttpRequest, form_id: UUID, answer_id: UUID, payload: HideIn) -> Any:
    form = selectors.form_for_organiser(actor=request.user, public_id=form_id)
    services.answer_hide(actor=request.user, form=form, answer_id=answer_id, reason=payload.reason)
    return Status(204, None)
