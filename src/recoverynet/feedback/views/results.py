"""Results pages: one form's results with moderation, its export, and a summary across forms."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import aggregates, exports
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services, targets
from ..forms import HideForm


@login_required
@private_page(*targets.PAGE_APPS)
def results(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    form = selectors.form_for_results(actor=request.user, public_id=public_id)
    return render(
        request,
        "feedback/results.html",
        {
            "r": selectors.form_results(actor=request.user, form=form),
            "form_obj": form,
            "hide_form": HideForm(),
            "title": f"Results: {form.title}",
        },
    )


@login_required
@require_POST
def answer_moderate(request: AuthenticatedRequest, public_id: Any, answer_id: Any) -> HttpResponse:
    form = selectors.form_for_organiser(actor=request.user, public_id=public_id)
    if request.POST.get("action") == "show":
        services.answer_show(actor=request.user, form=form, answer_id=answer_id)
        messages.success(request, "The answer is shown again.")
        return redirect("feedback:results", public_id=form.public_id)
    hide = HideForm(request.POST)
    if hide.is_valid():
        try:
            services.answer_hide(
                actor=request.user,
                form=form,
                answer_id=answer_id,
                reason=hide.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            hide.add_error("reason", exc.message)
        else:
            messages.success(request, "The answer is hidden from results and exports.")
            return redirect("feedback:results", public_id=form.public_id)
    r = selectors.form_results(actor=request.user, form=form)
    return render(
        request,
        "feedback/results.html",
        {
            "r": r,
            "form_obj": form,
            "hide_form": hide,
            "hide_for": str(answer_id),
            "title": f"Results: {form.title}",
        },
        status=400,
    )


@login_required
def export(request: AuthenticatedRequest, public_id: Any, fmt: str) -> HttpResponseBase:
    form = selectors.form_for_results(actor=request.user, public_id=public_id)
    if not (access.is_organiser(request.user, form) or access.is_network_team(request.user, form)):
        raise PermissionDenied("Only the organisers and the network team can export answers.")
    header, rows = selectors.export_rows(actor=request.user, form=form)
    name = f"feedback-{form.short_code}"
    if fmt == "xlsx":
        return exports.xlsx_response(filename=name, header=header, rows=rows, sheet="Answers")
    return exports.csv_response(filename=name, header=header, rows=rows, bom=True)


@login_required
@private_page("feedback", "network")
def summary(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    year = request.GET.get("year", "")
    # a series: every event whose name contains the words, e.g. a learning set's days
    series = request.GET.get("q", "").strip()[:100]
    found = selectors.network_summary(
        actor=request.user,
        network_id=network.pk,
        year=int(year) if year.isdigit() and len(year) == 4 else None,
        series=series,
        page=request.GET.get("page"),
    )
    return render(
        request,
        "feedback/summary.html",
        {
            "network": network,
            "rows": found.rows,
            "page_obj": found.page,
            "years": found.years,
            "year": year if year.isdigit() and len(year) == 4 else "",
            "minimum": aggregates.people_minimum(),
            "series": series,
            "query": urlencode([(k, v) for k, v in (("year", year), ("q", series)) if v]),
            "totals": found.totals,
            "title": f"Feedback across {network.name}",
        },
    )
