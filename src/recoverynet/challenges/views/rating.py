"""The rating page, for a signed-in rater or anyone with a single-use link."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error

from .. import selectors, services
from ..forms import (
    RatingForm,
)
from ..models import Rater, RoundStatus, ScalePoint
from . import rating_steps
from ._common import form_status


def _rate_page(request: HttpRequest, rater: Rater, *, by_link: bool) -> HttpResponse:
    """One challenge per screen (rating_steps.py), or with `?all=1` the whole grid on one page, for
    one rater. Shared by signed-in raters and link raters."""
    round_ = rater.round
    context: dict[str, Any] = {"round": round_, "rater": rater, "by_link": by_link}
    if round_.status != RoundStatus.OPEN:
        return render(
            request,
            "challenges/rate_closed.html",
            {**context, "title": "This self-assessment has closed"},
            status=409 if request.method == "POST" else 200,
        )
    if rater.submitted_at is not None:
        return render(
            request,
            "challenges/rate_sent.html",
            {**context, "title": "You have sent your ratings"},
            status=409 if request.method == "POST" else 200,
        )
    if request.GET.get("all") != "1":
        return rating_steps.step_page(request, rater, by_link=by_link, context=context)
    framework = selectors.framework_get(round_.framework_id)
    scale: list[ScalePoint] = list(framework.scale.all())
    levels = list(framework.levels.all())
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        challenges=list(framework.challenges.all()),
        levels=levels,
        scale=scale,
        saved=selectors.own_ratings(rater),
        perspective=rater.perspective,
    )
    here = request.get_full_path()
    if request.method == "POST" and request.POST.get("action") == "autosave":
        return _autosave(form, rater)
    if request.method == "POST" and form.is_valid():
        sending = request.POST.get("action") == "send"
        try:
            rater = services.ratings_save(
                rater=rater,
                cells=[
                    services.CellInput(challenge.pk, level.key, value, evidence)
                    for challenge, level, value, evidence in form.changed_cells()
                ],
                perspective=form.cleaned_data.get("perspective", ""),
            )
            if sending:
                services.rater_submit(rater=rater)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            if sending:
                return render(
                    request,
                    "challenges/rate_sent.html",
                    {
                        **context,
                        "title": "Thank you, your ratings have been sent",
                        "just_sent": True,
                    },
                )
            messages.success(
                request,
                "Your answers are saved. You can come back to this page to carry on."
                if not by_link
                else "Your answers are saved. Use the same link to come back and carry on.",
            )
            return redirect(here)
    return render(
        request,
        "challenges/rate.html",
        {
            **context,
            "form": form,
            "sections": form.sections(),
            "scale": scale,
            "levels": levels,
            "framework": framework,
            "action": here,
            "title": f"Your ratings: {round_.title}",
        },
        status=form_status(form),
    )


def _autosave(form: RatingForm, rater: Rater) -> HttpResponse:
    """Background save as the rater goes: 204 when saved, 400 (nothing saved) when a cell is not
    valid yet, e.g. a note without a rating; the full page shows the message on the next save."""
    if not form.is_valid():
        return HttpResponse(status=400)
    try:
        services.ratings_save(
            rater=rater,
            cells=[
                services.CellInput(challenge.pk, level.key, value, evidence)
                for challenge, level, value, evidence in form.changed_cells()
            ],
            perspective=form.cleaned_data.get("perspective", ""),
        )
    except ApplicationError as exc:
        return HttpResponse(status=exc.status)
    return HttpResponse(status=204)


@login_required
@require_http_methods(["GET", "POST"])
def rate(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    # Invited volunteers and students rate without seeing the round: own_rater is the access check.
    rater = selectors.own_rater(actor=request.user, public_id=public_id)
    return _rate_page(request, rater, by_link=False)


@require_http_methods(["GET", "POST"])
def rate_by_link(request: HttpRequest, token: str) -> HttpResponse:
    try:
        rater = services.rater_by_link(token[:100])
    except NotFound:
        raise
    except ApplicationError as exc:
        if exc.code != "used":
            raise
        return render(
            request, "challenges/link_used.html", {"title": "This link has been used"}, status=410
        )
    response = _rate_page(request, rater, by_link=True)
    response["Cache-Control"] = "no-store"
    return response
