"""A person shares their own scores with one of an organisation's staff, or stops; the staff
member's page of scores shared with them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError

from .. import selectors, services


@login_required
@require_POST
def share_start(request: AuthenticatedRequest) -> HttpResponse:
    organisations = {str(o.pk): o for o in selectors.share_organisations(actor=request.user)}
    organisation = organisations.get(request.POST.get("organisation", ""))
    email = request.POST.get("email", "").strip()
    if organisation is None:
        messages.error(request, "Choose the organisation whose staff you want to share with.")
    elif not email or len(email) > 254:
        messages.error(request, "Enter the e-mail address of the person to share with.")
    else:
        try:
            services.share_start(actor=request.user, organisation=organisation, email=email)
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            messages.error(request, exc.message)
        else:
            messages.success(request, f"{email} can now see your scores from {organisation}.")
    return redirect("outcomes:mine")


@login_required
@require_POST
def share_stop(request: AuthenticatedRequest, share_id: int) -> HttpResponse:
    services.share_stop(actor=request.user, share_id=share_id)
    messages.success(request, "You have stopped sharing your scores with them.")
    return redirect("outcomes:mine")


@login_required
def shared_with_me(request: AuthenticatedRequest) -> HttpResponse:
    found = selectors.shared_with_me(actor=request.user)
    return render(
        request,
        "outcomes/shared_with_me.html",
        {"shared": found, "title": "Scores people share with you"},
    )
