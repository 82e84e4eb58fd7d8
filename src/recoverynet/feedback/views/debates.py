"""Pages for the chair and organisers of a debate: adding one, its control page (speakers, the
walk-in code, opening and closing rounds) and the report (web and PDF)."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import downloads
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.pdf import render_pdf
from recoverynet.core.private_pages import private_page

from .. import access, selectors, services, targets
from ..forms import DebateForm, SpeakerForm
from .common import show_error, status_for
from .live import projector_context, vote_link


@login_required
@require_http_methods(["GET", "POST"])
def debate_add(request: AuthenticatedRequest, kind: str, target_id: str) -> HttpResponse:
    target = targets.resolve(kind, target_id)
    if not access.is_organiser(request.user, target):
        raise NotFound("We could not find that.")
    form = DebateForm(
        request.POST if request.method == "POST" else None,
        initial={"min_votes": settings.DEBATE_SUPPRESS_VOTES_BELOW},
    )
    if request.method == "POST" and form.is_valid():
        try:
            debate = services.debate_create(
                actor=request.user, target_kind=kind, target_id=target.id, **form.cleaned_data
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Debate added. Add the speakers next.")
            return redirect("feedback:debate-manage", public_id=debate.public_id)
    return render(
        request,
        "feedback/debates/add.html",
        {"form": form, "target": target, "title": "Add a critical debate"},
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def debate_manage(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    settings_form = DebateForm(
        request.POST if request.method == "POST" and "save_debate" in request.POST else None,
        initial={
            "motion": debate.motion,
            "description": debate.description,
            "label_for": debate.label_for,
            "label_against": debate.label_against,
            "label_undecided": debate.label_undecided,
            "walk_ins": debate.walk_ins,
            "min_votes": debate.min_votes,
        },
    )
    speaker_form = SpeakerForm(
        request.POST if request.method == "POST" and "add_speaker" in request.POST else None
    )
    if settings_form.is_bound and settings_form.is_valid():
        try:
            services.debate_update(actor=request.user, debate=debate, **settings_form.cleaned_data)
        except ApplicationError as exc:
            show_error(settings_form, exc)
        else:
            messages.success(request, "Debate saved.")
            return redirect("feedback:debate-manage", public_id=debate.public_id)
    if speaker_form.is_bound and speaker_form.is_valid():
        try:
            services.speaker_add(actor=request.user, debate=debate, data=speaker_form.data_input())
        except ApplicationError as exc:
            show_error(speaker_form, exc)
        else:
            messages.success(request, "Speaker added.")
            return redirect("feedback:debate-manage", public_id=debate.public_id)
    return render(
        request,
        "feedback/debates/manage.html",
        {
            "debate": debate,
            "results": selectors.debate_results(actor=request.user, debate=debate, for_chair=True),
            "speakers": selectors.speakers_by_side(debate),
            "settings_form": settings_form,
            "speaker_form": speaker_form,
            "vote_link": vote_link(debate),
            "title": debate.motion,
        },
        status=status_for(settings_form, speaker_form),
    )


@login_required
@require_POST
def debate_action(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    action = request.POST.get("action", "")
    kind = request.POST.get("round", "")
    if action == "open":
        services.round_open(actor=request.user, debate=debate, kind=kind)
        messages.success(request, "Voting is open.")
    elif action == "close":
        services.round_close(actor=request.user, debate=debate, kind=kind)
        messages.success(request, "Voting is closed.")
    elif action == "remove_speaker":
        speaker = request.POST.get("speaker", "")
        if not speaker.isdigit():
            raise ApplicationError("invalid", "Choose a speaker.", status=400)
        services.speaker_remove(actor=request.user, debate=debate, speaker_id=int(speaker))
        messages.success(request, "Speaker removed.")
    else:
        raise ApplicationError("invalid", "Choose what to do.", status=400)
    return redirect("feedback:debate-manage", public_id=debate.public_id)


def _report_context(request: AuthenticatedRequest, public_id: Any) -> dict[str, Any]:
    debate = selectors.debate_for_report(actor=request.user, public_id=public_id)
    return {
        "debate": debate,
        "results": selectors.debate_results(actor=request.user, debate=debate),
        "speakers": selectors.speakers_by_side(debate),
        "organiser": access.is_organiser(request.user, debate),
        "title": f"Debate report: {debate.motion}",
    }


@login_required
@private_page(*targets.PAGE_APPS)
def debate_report(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    return render(request, "feedback/debates/report.html", _report_context(request, public_id))


@login_required
def debate_report_pdf(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    context = _report_context(request, public_id)
    response = HttpResponse(
        render_pdf("feedback/pdf/debate_report.html", context), content_type="application/pdf"
    )
    return downloads.protect(response, filename=f"debate-{context['debate'].short_code}.pdf")


@login_required
def projector(request: AuthenticatedRequest, public_id: Any) -> HttpResponse:
    debate = selectors.debate_for_organiser(actor=request.user, public_id=public_id)
    context = projector_context(request, debate)
    return render(request, "feedback/debates/projector.html", {**context, "title": "Projector"})
