"""The day raters are asked to send their ratings by, and when they are reminded (issue #15)."""

from __future__ import annotations

from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error

from .. import access, selectors, services
from ..models import REMINDER_DAY_CHOICES, RoundStatus
from ..services.deadlines import day_text, schedule_text, step_label
from ._common import form_status


class DeadlineForm(forms.Form):
    rate_by = forms.DateField(
        label="Send ratings by",
        required=False,
        help_text="Leave empty for no date (and no reminders).",
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    reminder_days = forms.TypedMultipleChoiceField(
        label="When should reminders go?",
        required=False,
        coerce=int,
        choices=[(str(day), step_label(day).capitalize()) for day in REMINDER_DAY_CHOICES],
        help_text="Days before or after the day. Choose none for no reminders.",
        error_messages={"invalid_choice": "Choose when reminders go from the times listed."},
        widget=forms.CheckboxSelectMultiple,
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_deadline(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    if not access.can_facilitate(request.user, round_) or round_.status != RoundStatus.OPEN:
        raise PermissionDenied(
            "Only the round's facilitator can set the day to send ratings by, while it is open."
        )
    form = DeadlineForm(
        request.POST if request.method == "POST" else None,
        initial={
            "rate_by": round_.rate_by,
            "reminder_days": [str(d) for d in round_.reminder_days],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_deadline_set(
                actor=request.user,
                round_=round_,
                rate_by=form.cleaned_data["rate_by"],
                reminder_days=form.cleaned_data["reminder_days"],
            )
        except ApplicationError as exc:
            if exc.status in (403, 404, 409):
                raise
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                f"Raters are asked to send their ratings by {day_text(round_.rate_by)}, with "
                f"reminders {schedule_text(round_.reminder_days)}."
                if round_.rate_by
                else "There is no date to send ratings by now, so no reminders go.",
            )
            return redirect("challenges:round-detail", public_id=round_.public_id)
    return render(
        request,
        "challenges/round_deadline.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "form": form,
            "title": f"The day to send ratings by: {round_.title}",
        },
        status=form_status(form),
    )
