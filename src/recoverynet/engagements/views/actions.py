"""The engagement page's forms: status, agreed days, top-ups, sessions, outputs, the buddying log,
invoicing days used. Each validates, calls one service and redirects back; on a refusal the page
is shown again with the message on the field (400)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from .. import selectors, services
from ..forms import (
    AllocationForm,
    DocumentForm,
    LogForm,
    OutputForm,
    PlanStartForm,
    RoundsForm,
    SessionForm,
    StatusForm,
    TopUpForm,
)
from .common import delivered_sessions, next_statuses, reraise_access, team_people
from .engagements import detail_context


def _handle(
    request: AuthenticatedRequest,
    public_id: UUID,
    form_name: str,
    make_form: Callable[[selectors.Found], forms.Form],
    act: Callable[[selectors.Found, forms.Form], Any],
    done: str,
) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    form = make_form(found)
    if form.is_valid():
        try:
            act(found, form)
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, done)
            return redirect("engagements:detail", public_id=public_id)
    context = detail_context(request, found, **{form_name: form})
    context["failed_form"] = form
    return render(request, "engagements/detail.html", context, status=400)


@login_required
@require_POST
def status_set(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "status_form",
        lambda f: StatusForm(request.POST, choices=next_statuses(f.engagement)),
        lambda f, form: services.engagement_status_set(
            actor=request.user, engagement=f.engagement, status=form.cleaned_data["status"]
        ),
        "The status is changed.",
    )


@login_required
@require_POST
def allocation_set(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "allocation_form",
        lambda f: AllocationForm(request.POST),
        lambda f, form: services.allocation_set(
            actor=request.user, engagement=f.engagement, days=form.cleaned_data["days"]
        ),
        "The agreed days are set.",
    )


@login_required
@require_POST
def top_up_request(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "top_up_form",
        lambda f: TopUpForm(request.POST),
        lambda f, form: services.top_up_request(
            actor=request.user,
            engagement=f.engagement,
            days=form.cleaned_data["days"],
            reason=form.cleaned_data["reason"],
        ),
        "The variation is recorded. It counts once the network lead approves it.",
    )


@login_required
@require_POST
def top_up_approve(request: AuthenticatedRequest, public_id: UUID, top_up_id: int) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    services.top_up_approve(actor=request.user, engagement=found.engagement, top_up_id=top_up_id)
    messages.success(request, "The extra days are approved.")
    return redirect("engagements:detail", public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def session_log(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    if found.view != selectors.View.TEAM:
        raise ApplicationError("not_found", "We could not find that engagement.", status=404)
    engagement = found.engagement
    people = team_people(engagement)
    form = SessionForm(request.POST if request.method == "POST" else None, consultants=people)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_log(
                actor=request.user,
                engagement=engagement,
                data=form.session_input(),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The session is logged.")
            return redirect("engagements:detail", public_id=public_id)
    return render(
        request,
        "engagements/session_form.html",
        {
            "engagement": engagement,
            "form": form,
            "drawdown": selectors.drawdown(engagement),
            "title": f"Log a session: {engagement.title}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def output_add(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "output_form",
        lambda f: OutputForm(request.POST),
        lambda f, form: services.output_add(
            actor=request.user,
            engagement=f.engagement,
            kind=form.cleaned_data["kind"],
            title=form.cleaned_data["title"],
            text=form.cleaned_data["text"],
        ),
        "The output is added.",
    )


@login_required
@require_POST
def log_add(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "log_form",
        lambda f: LogForm(request.POST),
        lambda f, form: services.log_entry_add(
            actor=request.user,
            engagement=f.engagement,
            on=form.cleaned_data["on"],
            text=form.cleaned_data["text"],
        ),
        "The meeting is in the log.",
    )


@login_required
@require_POST
def days_invoice(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    invoice = services.days_invoice(actor=request.user, engagement=found.engagement)
    messages.success(request, f"Invoice {invoice.number} is issued for the days used.")
    return redirect("engagements:detail", public_id=public_id)


@login_required
@require_POST
def output_plan(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "plan_form",
        lambda f: PlanStartForm(
            request.POST,
            organisations=[c.organisation for c in f.engagement.clients.all()],
            sessions=delivered_sessions(f.engagement),
        ),
        lambda f, form: services.output_plan_start(
            actor=request.user,
            engagement=f.engagement,
            organisation_id=int(form.cleaned_data["organisation"]),
            title=form.cleaned_data["title"],
            session_id=form.cleaned_data["session"],
        ),
        "The action plan is started. Open it from the outputs to add its actions.",
    )


@login_required
@require_POST
def output_document(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "document_form",
        lambda f: DocumentForm(request.POST),
        lambda f, form: services.output_document_link(
            actor=request.user, engagement=f.engagement, resource_id=form.cleaned_data["resource"]
        ),
        "The document is linked.",
    )


@login_required
@require_POST
def rounds_link(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    return _handle(
        request,
        public_id,
        "rounds_form",
        lambda f: RoundsForm(
            request.POST, rounds=selectors.client_rounds(actor=request.user, found=f)
        ),
        lambda f, form: services.rounds_link(
            actor=request.user,
            engagement=f.engagement,
            before=form.cleaned_data["round_before"] or None,
            after=form.cleaned_data["round_after"] or None,
        ),
        "The self-assessments are linked.",
    )
