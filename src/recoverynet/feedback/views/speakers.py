"""Linking a debate's speaker to their account (decision 0036): the organisers' page for one
speaker, and the speaker removing the link from their own feedback page."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound

from .. import selectors, services
from ..forms import SpeakerLinkForm
from .common import show_error, status_for


@login_required
@require_http_methods(["GET", "POST"])
def speaker_manage(request: AuthenticatedRequest, public_id: Any, speaker_id: int) -> HttpResponse:
    speaker = selectors.speaker_for_organiser(
        actor=request.user, public_id=public_id, speaker_id=speaker_id
    )
    debate = speaker.debate
    unlink = request.method == "POST" and request.POST.get("action") == "unlink"
    form = SpeakerLinkForm(request.POST if request.method == "POST" and not unlink else None)
    if unlink:
        services.speaker_unlink(actor=request.user, debate=debate, speaker_id=speaker.pk)
        messages.success(request, f"{speaker.name} is no longer linked to an account.")
        return redirect(
            "feedback:speaker-manage", public_id=debate.public_id, speaker_id=speaker.pk
        )
    if form.is_bound and form.is_valid():
        try:
            services.speaker_link(
                actor=request.user,
                debate=debate,
                speaker_id=speaker.pk,
                email=form.cleaned_data["email"],
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"{speaker.name} is linked to their account.")
            return redirect("feedback:debate-manage", public_id=debate.public_id)
    return render(
        request,
        "feedback/debates/speaker.html",
        {
            "debate": debate,
            "speaker": speaker,
            "form": form,
            "title": f"Link {speaker.name} to an account",
        },
        status=status_for(form),
    )


@login_required
@require_POST
def speaker_leave(request: AuthenticatedRequest, speaker_id: int) -> HttpResponse:
    """The linked speaker removes the link to their own account."""
    mine = next((s for s in selectors.speaking_in(actor=request.user) if s.pk == speaker_id), None)
    if mine is None:
        raise NotFound("We could not find that.")
    services.speaker_unlink(actor=request.user, debate=mine.debate, speaker_id=mine.pk)
    messages.success(request, "The link to your account is removed.")
    return redirect("feedback:my-feedback")
