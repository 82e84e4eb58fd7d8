"""Pages for organisers: the list of forms and debates, what is attached to one event (or other
target), and building a form (settings, questions in order, opening and closing)."""

from __future__ import annotations

import datetime
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from .. import access, qr, selectors, services, targets
from ..forms import FormSettingsForm, QuestionForm
from ..models import FormStatus
from .common import show_error, status_for


@login_required
@private_page(*targets.PAGE_APPS)
def manage_index(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_manage_any(request.user):
        raise PermissionDenied("Only the network team and hosts see feedback results.")
    forms = list(selectors.forms_for_manager(actor=request.user)[:200])
    return render(
        request,
        "feedback/manage/index.html",
        {
            # Forms not open yet have no results: they lead to their event or session's page,
            # where the organisers finish them.
            "drafts": [f for f in forms if f.status == FormStatus.DRAFT],
            "forms": [f for f in forms if f.status != FormStatus.DRAFT],
            "debates": selectors.debates_for_manager(actor=request.user)[:200],
            # The summary across events is for the network team (feedback.selectors).
            "networks": list(network_selectors.team_networks(actor=request.user)),
            "title": "Feedback",
        },
    )


@login_required
def for_target(request: AuthenticatedRequest, kind: str, target_id: str) -> HttpResponse:
    target = targets.resolve(kind, target_id)
    organiser = access.is_organiser(request.user, target)
    form = selectors.form_for_target(actor=request.user, kind=kind, target_id=target.id)
    if not organiser and form is None:
        raise NotFound("We could not find that.")
    return render(
        request,
        "feedback/manage/target.html",
        {
            "target": target,
            "kind": targets.kind_of(kind),
            "form_obj": form,
            "organiser": organiser,
            "debates": selectors.debates_for_target(
                actor=request.user, kind=kind, target_id=target.id
            ),
            "title": f"Feedback and debates: {target.label}",
        },
    )


@login_required
@require_POST
def form_create(request: AuthenticatedRequest, kind: str, target_id: str) -> HttpResponse:
    form = services.form_create(actor=request.user, target_kind=kind, target_id=target_id)
    messages.success(
        request, "Feedback form added with the default questions. Change them if you want."
    )
    return redirect("feedback:form-manage", public_id=form.public_id)


def _settings_initial(form: Any) -> dict[str, Any]:
    closes = timezone.localtime(form.closes_at).date() if form.closes_at else None
    return {
        "title": form.title,
        "intro": form.intro,
        "invite_delay_hours": form.invite_delay_hours,
        "contact_retention_days": form.contact_retention_days,
        "closes_on": closes,
    }


@login_required
@require_http_methods(["GET", "POST"])
def form_manage(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    settings_form = FormSettingsForm(
        request.POST if request.method == "POST" and "save_settings" in request.POST else None,
        initial=_settings_initial(form),
    )
    question_form = QuestionForm(
        request.POST if request.method == "POST" and "add_question" in request.POST else None,
        initial={"kind": "long_text", "max_length": 2000},
    )
    if settings_form.is_bound and settings_form.is_valid():
        d = settings_form.cleaned_data
        closes = None
        if d["closes_on"]:
            closes = timezone.make_aware(
                datetime.datetime.combine(d["closes_on"], datetime.time(23, 59)),
                form.network.tz,
            )
        try:
            services.form_update(
                actor=request.user,
                form=form,
                title=d["title"],
                intro=d["intro"],
                invite_delay_hours=d["invite_delay_hours"],
                contact_retention_days=d["contact_retention_days"],
                closes_at=closes,
            )
        except ApplicationError as exc:
            if exc.field == "closes_at":
                exc.field = "closes_on"
            show_error(settings_form, exc)
        else:
            messages.success(request, "Settings saved.")
            return redirect("feedback:form-manage", public_id=form.public_id)
    if question_form.is_bound and question_form.is_valid():
        try:
            services.question_add(actor=request.user, form=form, data=question_form.data_input())
        except ApplicationError as exc:
            show_error(question_form, exc)
        else:
            messages.success(request, "Question added.")
            return redirect("feedback:form-manage", public_id=form.public_id)
    link = settings.SITE_URL + reverse("feedback:short-link", args=[form.short_code])
    return render(
        request,
        "feedback/manage/form.html",
        {
            "form_obj": form,
            "questions": selectors.questions(form),
            "settings_form": settings_form,
            "question_form": question_form,
            "short_link": link,
            "qr": qr.data_url(link),
            "title": form.title,
        },
        status=status_for(settings_form, question_form),
    )


@login_required
@require_POST
def question_action(
    request: AuthenticatedRequest, public_id: Any, question_id: int
) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    question = next((q for q in selectors.questions(form) if q.pk == question_id), None)
    if question is None:
        raise NotFound("We could not find that question.")
    action = request.POST.get("action", "")
    if action == "remove":
        services.question_remove(actor=request.user, question=question)
        messages.success(request, "Question removed.")
    elif action in ("up", "down"):
        services.question_move(actor=request.user, question=question, up=action == "up")
    else:
        raise ApplicationError("invalid", "Choose what to do with the question.", status=400)
    return redirect("feedback:form-manage", public_id=form.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedRequest, public_id: Any, question_id: int) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    question = next((q for q in selectors.questions(form) if q.pk == question_id), None)
    if question is None:
        raise NotFound("We could not find that question.")
    page = QuestionForm(
        request.POST if request.method == "POST" else None,
        initial={
            "kind": question.kind,
            "text": question.text,
            "hint": question.hint,
            "choices": "\n".join(question.choices),
            "purpose": question.purpose,
            "required": question.required,
            "max_length": question.max_length,
        },
    )
    if request.method == "POST" and page.is_valid():
        try:
            services.question_update(actor=request.user, question=question, data=page.data_input())
        except ApplicationError as exc:
            show_error(page, exc)
        else:
            messages.success(request, "Question saved.")
            return redirect("feedback:form-manage", public_id=form.public_id)
    return render(
        request,
        "feedback/manage/question.html",
        {"form_obj": form, "question": question, "form": page, "title": "Change a question"},
        status=status_for(page),
    )


@login_required
@require_POST
def form_status(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    if request.POST.get("action") == "open":
        services.form_open(actor=request.user, form=form)
        messages.success(request, "The form is open. People who attended can answer it now.")
    elif request.POST.get("action") == "close":
        services.form_close(actor=request.user, form=form)
        messages.success(request, "The form is closed. Its answers are final.")
    else:
        raise ApplicationError("invalid", "Choose open or close.", status=400)
    return redirect("feedback:form-manage", public_id=form.public_id)
