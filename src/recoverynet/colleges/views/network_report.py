"""The Learning Network's report across member colleges (network team): a table per topic with its
chart, people counts suppressed below the threshold, and the same numbers as CSV."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse, StreamingHttpResponse
from django.shortcuts import render

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import exports
from recoverynet.core.charts import Bar, Chart, Group

from ..selectors import network as network_selectors
from ..selectors.network_report import NetworkReport
from ..selectors.network_report import network_report as build_report


def _chart(report: NetworkReport) -> Chart:
    rows = report.rows
    top = max([r.sessions for r in rows] + [r.courses for r in rows] + [1])
    return Chart(
        id="college-activity",
        title="Courses and sessions by college",
        description="How many published courses and sessions each member college runs.",
        series=("Courses", "Sessions"),
        groups=tuple(
            Group(
                label=r.college.name, bars=(Bar("Courses", r.courses), Bar("Sessions", r.sessions))
            )
            for r in rows
        ),
        scale_max=top,
        row_heading="College",
        axis_label="Number",
    )


def _people(value: int | None, minimum: int) -> str:
    return str(value) if value is not None else f"Fewer than {minimum} students: not shown"


@login_required
def network_report(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    report = build_report(actor=request.user, network=network)
    return render(
        request,
        "colleges/network/network_report.html",
        {
            "network": network,
            "report": report,
            "chart": _chart(report) if report.rows else None,
            "title": f"Report across colleges: {network.name}",
        },
    )


HEADER = [
    "College",
    "Courses",
    "Sessions",
    "Sessions co-facilitated (%)",
    "Enrolments",
    "Students",
    "Attendance (%)",
]


def _rows(report: NetworkReport) -> list[list[object]]:
    minimum = report.minimum
    return [
        [
            r.college.name,
            r.courses,
            r.sessions,
            "" if r.co_facilitated_rate is None else r.co_facilitated_rate,
            _people(r.enrolments, minimum),
            _people(r.students, minimum),
            "" if r.attendance_rate is None else r.attendance_rate,
        ]
        for r in report.rows
    ]


@login_required
def network_report_csv(request: AuthenticatedRequest, slug: str) -> StreamingHttpResponse:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    report = build_report(actor=request.user, network=network)
    return exports.csv_response(
        filename=f"learning-network-{network.slug}", header=HEADER, rows=_rows(report)
    )


@login_required
def network_report_xlsx(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    report = build_report(actor=request.user, network=network)
    return exports.xlsx_response(
        filename=f"learning-network-{network.slug}",
        header=HEADER,
        rows=_rows(report),
        sheet="Colleges",
    )
