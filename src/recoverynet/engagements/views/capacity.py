"""The capacity calendar across consultants, availability, and each consultant's .ics feed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from ..calendar import consultant_ics
from ..forms import AvailabilityForm
from .common import reraise_access


@login_required
@require_http_methods(["GET", "POST"])
@private_page(*access.PAGE_APPS)
def capacity(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    rows = selectors.capacity(actor=request.user, network=network)
    consultants = [row.consultant for row in rows]
    if not access.is_network_lead(request.user, network.pk):
        consultants = [c for c in consultants if c.pk == request.user.pk]
    form = AvailabilityForm(
        request.POST if request.method == "POST" else None, consultants=consultants
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.consultant_month_set(
                actor=request.user,
                network=network,
                consultant=form.chosen_consultant(),
                month=form.cleaned_data["month"],
                available_days=form.cleaned_data["available_days"],
                leave_days=form.leave(),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The availability is saved.")
            return redirect("engagements:capacity", slug=slug)
    return render(
        request,
        "engagements/capacity.html",
        {
            "network": network,
            "rows": rows,
            "months": [cell.month for cell in rows[0].cells] if rows else [],
            "forecast": selectors.forecast(actor=request.user, network=network),
            "form": form,
            "is_lead": access.is_network_lead(request.user, network.pk),
            "feed_page": bool(access.consulting_network_ids(request.user)),
            "title": f"Capacity: {network.name}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_GET
def consultant_calendar(
    request: AuthenticatedRequest, slug: str, consultant_id: int
) -> HttpResponse:
    network = network_selectors.network_get(slug)
    sessions = selectors.calendar_sessions(
        actor=request.user, network=network, consultant_id=consultant_id
    )
    if not access.can_view_calendar_of(request.user, network.pk, consultant_id):
        raise PermissionDenied()
    body = consultant_ics(f"Engagements: {network.name}", sessions)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    return protect(response, filename=f"engagements-{consultant_id}.ics")
