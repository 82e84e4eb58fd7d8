"""Organisers' delegate list, its export and check-in."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseBase
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from recoverynet.core import exports
from recoverynet.core.errors import ApplicationError, NotFound

from .. import selectors, services
from ..models import Delegate
from .common import _organiser_event

EXPORT_COLUMNS = [
    "Name",
    "E-mail",
    "Organisation",
    "Rate",
    "Net",
    "Tax",
    "Gross",
    "Access needs",
    "Dietary needs",
    "Checked in",
    "Booked by",
    "Booking organisation",
]


def _export_rows(delegates: Any, tz: Any) -> Iterator[list[Any]]:
    """One row per delegate, produced as the export is written (a CSV file is streamed)."""
    return (
        [
            d.name,
            d.email,
            d.organisation_name,
            d.rate_name,
            d.net,
            d.tax,
            d.gross,
            d.access_needs,
            d.dietary_needs,
            timezone.localtime(d.checked_in_at, tz).strftime("%Y-%m-%d %H:%M")
            if d.checked_in_at
            else "",
            d.booking.booker.email,
            d.booking.organisation.name if d.booking.organisation else "",
        ]
        for d in delegates
    )


@login_required
def event_delegates(request: HttpRequest, public_id: UUID) -> HttpResponseBase:
    event = _organiser_event(request, public_id)
    delegates = selectors.event_delegates(actor=request.user, event=event)
    fmt = request.GET.get("format", "")
    filename = f"delegates-{str(event.public_id)[:8]}"
    if fmt == "csv":
        return exports.csv_response(
            filename=filename,
            header=EXPORT_COLUMNS,
            rows=_export_rows(delegates, event.network.tz),
        )
    if fmt == "xlsx":
        return exports.xlsx_response(
            filename=filename,
            header=EXPORT_COLUMNS,
            rows=_export_rows(delegates, event.network.tz),
            sheet="Delegates",
        )
    if fmt:
        raise ApplicationError("invalid", "Choose csv or xlsx.", field="format")
    return render(
        request,
        "events/manage/delegates.html",
        {"event": event, "delegates": delegates, "title": f"Delegates for {event.title}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_check_in(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _organiser_event(request, public_id)
    if request.method == "POST":
        raw_id = request.POST.get("delegate", "")
        delegate = (
            selectors.event_delegates(actor=request.user, event=event)
            .filter(pk=int(raw_id))
            .first()
            if raw_id.isdecimal() and len(raw_id) < 12
            else None
        )

        if delegate is None:
            raise NotFound("We could not find that delegate.")
        services.delegate_check_in(
            actor=request.user, delegate=delegate, attended=request.POST.get("attended") != "0"
        )
        if request.headers.get("HX-Request"):
            delegate.refresh_from_db()
            return render(
                request, "events/manage/check_in_row.html", {"d": delegate, "event": event}
            )
        return redirect(
            reverse("events:event-check-in", args=[event.public_id]) + f"#delegate-{delegate.pk}"
        )
    delegates = selectors.event_delegates(actor=request.user, event=event)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        delegates = delegates.filter(name__icontains=q)
    return render(
        request,
        "events/manage/check_in.html",
        {"event": event, "delegates": delegates, "q": q, "title": f"Check in: {event.title}"},
    )


def attendee_certificate_list(delegates: list[Delegate]) -> list[Delegate]:
    return [d for d in delegates if d.checked_in_at]
