"""Staff invitations: the page the invited person opens, and the manager's withdraw and send-again
buttons on the staff page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError

from ..selectors import invitations as selectors
from ..selectors import staff as staff_selectors
from ..services import staff_invitations as services

# Kept through sign-up or sign-in; `network.signup` accepts it when the account is made.
SESSION_KEY = "recoverynet_college_invitation"


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
    context = {"invitation": invitation, "title": "Your invitation"}
    if not invitation.is_open:
        request.session.pop(SESSION_KEY, None)
        return render(request, "colleges/invitation.html", context, status=410)
    if not request.user.is_authenticated:
        request.session[SESSION_KEY] = token
        return render(request, "colleges/invitation.html", context)
    if request.method == "POST":
        request.session.pop(SESSION_KEY, None)
        row = services.staff_invitation_accept(user=request.user, raw_token=token)
        messages.success(
            request, f"You are now {row.get_role_display().lower()} at {row.college.name}."
        )
        return redirect("colleges:my-colleges")
    return render(request, "colleges/invitation.html", context)


@login_required
@require_POST
def invitation_revoke(request: AuthenticatedRequest, slug: str, invitation_id: int) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    invitation = selectors.invitation_get(
        actor=request.user, college=college, invitation_id=invitation_id
    )
    services.staff_invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} is withdrawn.")
    return redirect("colleges:staff", slug=college.slug)


@login_required
@require_POST
def invitation_resend(request: AuthenticatedRequest, slug: str, invitation_id: int) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    invitation = selectors.invitation_get(
        actor=request.user, college=college, invitation_id=invitation_id
    )
    try:
        services.staff_invitation_resend(actor=request.user, invitation=invitation)
    except ApplicationError as exc:
        if exc.status in (401, 403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("colleges:staff", slug=college.slug)
    messages.success(request, f"We have sent the invitation to {invitation.email} again.")
    return redirect("colleges:staff", slug=college.slug)
