"""Pages for people who attended: answering a form (and changing their answers until it closes),
as themselves or from a device that joined with a room card, the short link for a room, and the
list of feedback they can give."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.private_pages import private_page

from .. import selectors, services, targets
from ..forms import AnswerForm, CodeForm
from ..models import FormStatus
from .common import card_cookie_name, show_error, status_for

SAVED = "Thank you. Your feedback is saved. You can change it until the form closes."


def card_cookie_name_for(public_id: Any) -> str:
    return f"rn_card_{UUID(str(public_id)).hex[:16]}"


@require_http_methods(["GET", "POST"])
def answer(request: HttpRequest, public_id: Any) -> HttpResponse:
    if not request.user.is_authenticated:
        return _answer_with_card(request, public_id)
    form = selectors.form_for_answering(actor=request.user, public_id=public_id)
    questions = selectors.questions(form)
    own = selectors.own_answers(actor=request.user, form=form)
    answered = own is not None or selectors.has_answered(actor=request.user, form=form)
    initial = {f"q{k}": v for k, v in (own or {}).items()}
    page = AnswerForm(
        request.POST if request.method == "POST" else None, questions=questions, initial=initial
    )
    if request.method == "POST" and page.is_valid():
        try:
            services.response_submit(actor=request.user, form=form, answers=page.answers())
        except ApplicationError as exc:
            show_error(page, exc, prefix="q")
        else:
            messages.success(request, SAVED)
            return redirect("feedback:answer", public_id=form.public_id)
    return render(
        request,
        "feedback/answer.html",
        {
            "form_obj": form,
            "form": page,
            "answered": answered,
            "editable": own is not None,
            "is_open": form.status == FormStatus.OPEN,
            "attended": answered or selectors.attended(actor=request.user, form=form),
            "title": form.title,
        },
        status=status_for(page),
    )


def _answer_with_card(request: HttpRequest, public_id: Any) -> HttpResponse:
    """A device without a sign-in that joined with a room card (decision 0036); any other
    visitor is asked to sign in, as before."""
    token = request.COOKIES.get(card_cookie_name_for(public_id), "")
    form = selectors.form_for_card_holder(public_id=public_id, token=token)
    if form is None:
        return redirect_to_login(request.get_full_path())
    own = selectors.own_answers_with_card(form=form, token=token)
    initial = {f"q{k}": v for k, v in (own or {}).items()}
    page = AnswerForm(
        request.POST if request.method == "POST" else None,
        questions=selectors.questions(form),
        initial=initial,
    )
    if request.method == "POST" and page.is_valid():
        try:
            services.response_submit_with_card(
                actor=request.user, form=form, token=token, answers=page.answers()
            )
        except ApplicationError as exc:
            show_error(page, exc, prefix="q")
        else:
            messages.success(request, SAVED)
            return redirect("feedback:answer", public_id=form.public_id)
    return render(
        request,
        "feedback/answer.html",
        {
            "form_obj": form,
            "form": page,
            "answered": own is not None,
            "editable": own is not None,
            "is_open": form.status == FormStatus.OPEN,
            "attended": True,
            "with_card": True,
            "title": form.title,
        },
        status=status_for(page),
    )


def short_link(request: HttpRequest, code: str) -> HttpResponse:
    """The room's QR code: signed-in people go to the form; anyone else may sign in or, without
    an e-mail address, join with a room card."""
    form = selectors.form_by_code(code)
    if request.user.is_authenticated or request.COOKIES.get(card_cookie_name(form)):
        return redirect("feedback:answer", public_id=form.public_id)
    return render(
        request,
        "feedback/cards/form_entry.html",
        {"form_obj": form, "code_form": CodeForm(), "title": form.title},
    )


@login_required
@private_page(*targets.PAGE_APPS)
def my_feedback(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "feedback/my_feedback.html",
        {
            "items": selectors.forms_to_answer(actor=request.user),
            "speaking": selectors.speaking_in(actor=request.user),
            "title": "Feedback to give",
        },
    )
