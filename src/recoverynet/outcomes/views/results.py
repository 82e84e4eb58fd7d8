"""Results pages: a cohort's published aggregates (suppressed, chart with its table), publishing
newer figures, and the de-identified export."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import exports
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.private_pages import private_page

from .. import access, selectors, services


@login_required
@private_page(*access.PAGE_APPS)
def results(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    collection = selectors.collection_get(actor=request.user, public_id=public_id, need="results")
    return render(
        request,
        "outcomes/results.html",
        {
            "collection": collection,
            "organisation": collection.organisation,
            "published": selectors.cohort_results(actor=request.user, collection=collection),
            "can_publish": access.can_plan(request.user, collection.organisation),
            "title": f"Results: {collection.title}",
        },
    )


@login_required
@require_POST
def results_publish(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    collection = selectors.collection_get(actor=request.user, public_id=public_id, need="plan")
    try:
        services.results_publish(actor=request.user, collection=collection)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "The figures are updated.")
    return redirect("outcomes:results", public_id=collection.public_id)


@login_required
def export(
    request: AuthenticatedRequest, public_id: UUID, fmt: str
) -> HttpResponse | StreamingHttpResponse:
    collection = selectors.collection_get(actor=request.user, public_id=public_id, need="plan")
    if fmt not in ("csv", "xlsx"):
        raise NotFound("Exports are CSV or XLSX.")
    header, rows = selectors.export_table(actor=request.user, collection=collection)
    name = f"outcomes-{collection.public_id}"
    if fmt == "xlsx":
        return exports.xlsx_response(filename=name, header=header, rows=rows, sheet="Answers")
    return exports.csv_response(filename=name, header=header, rows=rows)
