"""The per-term report of a college: tables with an SVG chart beside each, CSV and XLSX."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import exports

from ..selectors import courses as course_selectors
from ..selectors import reports as report_selectors
from ..selectors import staff as staff_selectors


@login_required
def term_report(
    request: AuthenticatedRequest, slug: str, term: str
) -> HttpResponse | StreamingHttpResponse:
    college = staff_selectors.college_get(slug=slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    report = report_selectors.term_report(actor=request.user, term=found)
    wanted = request.GET.get("format", "")
    filename = f"{college.slug}-{found.slug}-report"
    if wanted == "csv":
        return exports.csv_response(
            filename=filename,
            header=report_selectors.EXPORT_HEADER,
            rows=report_selectors.export_rows(report),
        )
    if wanted == "xlsx":
        return exports.xlsx_response(
            filename=filename,
            header=report_selectors.EXPORT_HEADER,
            rows=report_selectors.export_rows(report),
            sheet="Courses",
        )
    return render(
        request,
        "colleges/manage/report.html",
        {"college": college, "term": found, "report": report, "title": f"{found.name} report"},
    )
