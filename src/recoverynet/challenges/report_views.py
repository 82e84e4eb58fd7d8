"""Pages and downloads that report on self-assessments: an organisation's progress over time, the
network benchmark, and one round's report (PDF) and ratings (CSV). Thin, like views.py: each view
calls a selector (which checks access) and renders what reports.py builds."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import exports
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors
from recoverynet.plans import selectors as plan_selectors

from . import reference, reports, selectors
from .benchmarks import benchmark_publish, network_benchmark
from .models import AssessmentRound


def _download(content: bytes | str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    protect(response, filename=filename)
    # An organisation's private ratings: not for shared caches, nor kept by the browser.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@private_page("challenges", "plans", "network")
def progress(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    data = selectors.organisation_progress(
        actor=request.user, organisation=organisation, family=reports.TEN_CHALLENGES_FAMILY
    )
    return render(
        request,
        "challenges/progress.html",
        {
            "organisation": organisation,
            "report": reports.progress_report(data),
            "plans": plan_selectors.plan_summaries(actor=request.user, organisation=organisation),
            "title": f"Progress over time at {organisation.name}",
        },
    )


def _framework_param(params: Any) -> int | None:
    raw = params.get("framework", "")
    if not raw:
        return None
    if not (raw.isascii() and raw.isdecimal() and len(raw) < 10):
        raise ApplicationError("invalid", "Choose a framework from the list.", field="framework")
    return int(raw)


def _benchmark_framework(request: HttpRequest, raw: dict[str, str]) -> Any:
    framework_id = _framework_param(raw)
    return (
        reports.default_framework()
        if framework_id is None
        else selectors.framework_get(framework_id)
    )


@login_required
@require_POST
def benchmark_publish_view(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The network's coordinators publish a new snapshot (refused if too little has changed)."""
    network = network_selectors.network_get(slug)
    framework = _benchmark_framework(request, request.POST)
    try:
        benchmark_publish(actor=request.user, network=network, framework=framework)
    except ApplicationError as exc:
        if exc.status != 409:
            raise
        messages.error(request, exc.message)
    else:
        messages.success(request, "The benchmark has been published. Members now see it.")
    return redirect(
        reverse("challenges:benchmark", args=[network.slug]) + f"?framework={framework.pk}"
    )


@login_required
@private_page("challenges", "network")  # snapshots are "core": on every key
def benchmark(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    framework = _benchmark_framework(request, request.GET)
    result = network_benchmark(actor=request.user, network=network, framework=framework)
    return render(
        request,
        "challenges/benchmark.html",
        {
            "network": network,
            "result": result,
            "rows": reports.benchmark_rows(result),
            "chart": reports.benchmark_chart(result),
            "organisations": reports.named_organisations(result),
            "shown": any(not cell.suppressed for cell in result.cells),
            "suppressed": reports.suppressed_text(result.minimum),
            "frameworks": reference.current_frameworks(),
            "title": f"Benchmark: {network.name}",
        },
    )


def _filename(round_: AssessmentRound, extension: str) -> str:
    return (
        f"self-assessment-{round_.organisation.slug}-{timezone.localdate().isoformat()}.{extension}"
    )


@login_required
def round_report(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    grid = selectors.round_grid(actor=request.user, round_=round_)
    report = reports.round_report(actor=request.user, grid=grid)
    return _download(reports.round_report_pdf(report), "application/pdf", _filename(round_, "pdf"))


@login_required
def round_export(request: AuthenticatedRequest, public_id: UUID) -> HttpResponseBase:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    grid = selectors.round_grid(actor=request.user, round_=round_)
    # With a byte-order mark, so that spreadsheet programs read the file as UTF-8.
    return exports.csv_response(
        filename=_filename(round_, "csv").removesuffix(".csv"),
        header=reports.CSV_COLUMNS,
        rows=reports.round_export_rows(actor=request.user, grid=grid),
        bom=True,
    )
