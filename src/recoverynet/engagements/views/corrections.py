"""Pages for correcting and cancelling a session and for turning down a top-up."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error

from .. import access, selectors, services
from ..forms import SessionForm
from ..forms_edit import CancelForm, RejectForm
from ..models import SessionState
from .common import reraise_access, status_code, team_people
from .structure import team_found


def _session(found: selectors.Found, session_id: int) -> object:
    for session in found.engagement.sessions.all():
        if session.pk == session_id and session.state != SessionState.CANCELLED:
            return session
    raise NotFound("We could not find that session.")


def _initial(session: object) -> dict[str, object]:
    names = (
        "state",
        "on",
        "days",
        "place",
        "notes",
        "attended_staff",
        "attended_lived_experience",
        "attended_family_carers",
        "attended_other",
        "over_run_reason",
    )
    out = {name: getattr(session, name) for name in names}
    out["consultant"] = str(getattr(session, "consultant_id", ""))
    return out


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request: AuthenticatedRequest, public_id: UUID, session_id: int) -> HttpResponse:
    found = team_found(request, public_id)
    engagement = found.engagement
    session = _session(found, session_id)
    form = SessionForm(
        request.POST if request.method == "POST" else None,
        consultants=team_people(engagement),
        initial=_initial(session),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.session_edit(
                actor=request.user,
                engagement=engagement,
                session_id=session_id,
                data=form.session_input(),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The session is changed.")
            return redirect("engagements:detail", public_id=public_id)
    return render(
        request,
        "engagements/session_form.html",
        {
            "engagement": engagement,
            "form": form,
            "session": session,
            "drawdown": selectors.drawdown(engagement),
            "title": f"Change the session: {engagement.title}",
        },
        status=status_code(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_cancel(request: AuthenticatedRequest, public_id: UUID, session_id: int) -> HttpResponse:
    """The confirm step: what cancelling will do (days freed, a feedback form closed), or what
    is attached and stops it, before the button."""
    found = team_found(request, public_id)
    check = selectors.session_cancel_check(actor=request.user, found=found, session_id=session_id)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.session_cancel(
                actor=request.user,
                engagement=found.engagement,
                session_id=session_id,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The session is cancelled. Its days are no longer used.")
            return redirect("engagements:detail", public_id=public_id)
    return render(
        request,
        "engagements/session_cancel.html",
        {
            "engagement": found.engagement,
            "session": check.session,
            "check": check,
            "form": form,
            "title": "Cancel the session",
        },
        status=status_code(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def top_up_reject(request: AuthenticatedRequest, public_id: UUID, top_up_id: int) -> HttpResponse:
    found = team_found(request, public_id)
    engagement = found.engagement
    if not access.can_approve_top_up(request.user, engagement):
        raise PermissionDenied("Only the network lead can turn down extra days.")
    allocation = getattr(engagement, "allocation", None)
    top_up = next(
        (t for t in (allocation.top_ups.all() if allocation else []) if t.pk == top_up_id), None
    )
    if top_up is None or top_up.decided:
        raise NotFound("We could not find a variation waiting for a decision.")
    form = RejectForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.top_up_reject(
                actor=request.user,
                engagement=engagement,
                top_up_id=top_up_id,
                reason=form.cleaned_data["reason"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The extra days are turned down. We have told who asked.")
            return redirect("engagements:detail", public_id=public_id)
    return render(
        request,
        "engagements/top_up_reject.html",
        {"engagement": engagement, "top_up": top_up, "form": form, "title": "Turn down extra days"},
        status=status_code(form),
    )
