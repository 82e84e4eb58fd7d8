"""The consultant's secret calendar feed (a page to make, reset or turn it off, and the feed
itself, which needs no sign-in), and the client's self-assessments compared."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import PermissionDenied

from .. import access, selectors, services
from ..calendar import consultant_ics


@login_required
@never_cache
@require_http_methods(["GET", "POST"])
def calendar_feed(request: AuthenticatedRequest) -> HttpResponse:
    """Your calendar feed: shown once when made or reset (only a scrambled form is kept)."""
    if not access.consulting_network_ids(request.user):
        raise PermissionDenied("Only the network team's consultants have a calendar feed.")
    address = ""
    if request.method == "POST":
        if request.POST.get("action") == "off":
            services.calendar_feed_revoke(actor=request.user)
            messages.success(
                request, "Your calendar feed is turned off. Its address no longer works."
            )
            return redirect("engagements:calendar-feed")
        token = services.calendar_feed_reset(actor=request.user)
        address = request.build_absolute_uri(reverse("engagements:feed", args=[token]))
    return render(
        request,
        "engagements/calendar_feed.html",
        {
            "has_feed": selectors.has_calendar_feed(actor=request.user),
            "address": address,
            "title": "Your calendar feed",
        },
    )


@never_cache
@require_GET
def feed(request: HttpRequest, token: str) -> HttpResponse:
    """The feed a calendar application fetches: the secret address is the only key."""
    found = selectors.calendar_feed(token=token)
    body = consultant_ics("Engagements", found.sessions)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="engagements.ics"'
    response["X-Robots-Tag"] = "noindex"
    response["Referrer-Policy"] = "no-referrer"
    return response


@login_required
@require_GET
def rounds_compared(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    comparison = selectors.rounds_compared(actor=request.user, found=found)
    return render(
        request,
        "engagements/rounds_compared.html",
        {
            "engagement": found.engagement,
            "view": found.view,
            "comparison": comparison,
            "title": "Self-assessment before and after",
        },
    )
