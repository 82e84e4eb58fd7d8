"""The privacy pages: the public privacy page, and for the network team the record of processing,
the retention rules (dry run and approvals) and requests received by post. Thin: the map is read
by selectors, changes go through services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.core import files
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from . import selectors, services
from .forms import ErasureForm, PersonForm


def privacy_page(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/public.html",
        {"title": "How we use your information", "items": selectors.privacy_summary()},
    )


@login_required
def record(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/record.html",
        {
            "title": "Record of processing",
            "models": selectors.record_of_processing(actor=request.user),
        },
    )


@login_required
def retention(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "privacy/retention.html",
        {
            "title": "Retention rules",
            "rules": selectors.retention_overview(actor=request.user),
            "runs": selectors.purge_runs(actor=request.user),
        },
    )


def _rule_key(request: HttpRequest) -> str:
    key = request.POST.get("rule", "").strip()
    if not key:
        raise ApplicationError("invalid", "Choose a rule.", field="rule")
    return key


@login_required
@require_POST
def rule_propose(request: HttpRequest) -> HttpResponse:
    approval = services.rule_propose(actor=request.user, rule_key=_rule_key(request))
    messages.success(
        request, f"You proposed {approval.rule_key}. A second team member must approve it."
    )
    return redirect("privacy:retention")


@login_required
@require_POST
def rule_approve(request: HttpRequest) -> HttpResponse:
    approval = services.rule_approve(actor=request.user, rule_key=_rule_key(request))
    messages.success(request, f"You approved {approval.rule_key}. It runs from the next purge.")
    return redirect("privacy:retention")


def _requests_page(
    request: HttpRequest, export_form: PersonForm, erase_form: ErasureForm, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "privacy/requests.html",
        {
            "title": "Requests received by post",
            "export_form": export_form,
            "erase_form": erase_form,
            "exports": selectors.exports_by_post(actor=request.user),
            "erasures": selectors.erasures(actor=request.user),
        },
        status=status,
    )


@login_required
def requests(request: HttpRequest) -> HttpResponse:
    return _requests_page(request, PersonForm(prefix="export"), ErasureForm(prefix="erase"))


@login_required
@require_POST
def export_by_post(request: HttpRequest) -> HttpResponse:
    form = PersonForm(request.POST, prefix="export")
    if form.is_valid():
        try:
            services.export_for_post(actor=request.user, email=form.cleaned_data["email"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "We are preparing a copy of their data (see below).")
            return redirect("privacy:requests")
    return _requests_page(request, form, ErasureForm(prefix="erase"), status=400)


@login_required
@require_POST
def erase_by_request(request: HttpRequest) -> HttpResponse:
    form = ErasureForm(request.POST, prefix="erase")
    if form.is_valid():
        try:
            services.erasure_record(actor=request.user, email=form.cleaned_data["email"])
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Their data has been erased and the erasure recorded.")
            return redirect("privacy:requests")
    return _requests_page(request, PersonForm(prefix="export"), form, status=400)


@login_required
def export_file(request: HttpRequest, public_id: uuid.UUID, kind: str) -> FileResponse:
    export = selectors.export_for_team(actor=request.user, public_id=str(public_id))
    if export is None or export.status != "ready" or kind not in ("json", "pdf"):
        raise Http404("We could not find that download.")
    name = export.json_name if kind == "json" else export.pdf_name
    response = FileResponse(files.open_file("data-exports", name))
    protect(response, filename=f"data-export-{str(export.public_id)[:8]}.{kind}")
    return response
