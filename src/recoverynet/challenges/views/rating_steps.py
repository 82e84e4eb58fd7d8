"""Rating one challenge per screen (issue #15): "Challenge 3 of 10", Back and Next (each saves),
then a summary of every answer with the Send button. Works without JavaScript; with it, each
change is also saved in the background. The whole grid on one page stays as an option
(`?all=1`, rating.py)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from .. import selectors, services
from ..forms import RatingForm
from ..models import Rater
from ._common import form_status

SUMMARY = "summary"


def perspective_of(form: RatingForm) -> str | None:
    """The perspective the form asked for, or None (unchanged) when this screen did not ask."""
    return form.cleaned_data.get("perspective", "") if "perspective" in form.fields else None


def _step(request: HttpRequest, count: int) -> int | str:
    raw = request.GET.get("step", "1")
    if raw == SUMMARY:
        return SUMMARY
    return min(max(int(raw), 1), count) if raw.isascii() and raw.isdecimal() and len(raw) < 4 else 1


def _url(request: HttpRequest, step: int | str) -> str:
    return f"{request.path}?step={step}"


def step_page(
    request: HttpRequest, rater: Rater, *, by_link: bool, context: dict[str, Any]
) -> HttpResponse:
    framework = selectors.framework_get(rater.round.framework_id)
    challenges = list(framework.challenges.all())
    levels = list(framework.levels.all())
    scale = list(framework.scale.all())
    saved = selectors.own_ratings(rater)
    step = _step(request, len(challenges))
    shown = challenges if step == SUMMARY else [challenges[int(step) - 1]]
    form = RatingForm(
        request.POST if request.method == "POST" else None,
        challenges=[] if step == SUMMARY else shown,
        levels=levels,
        scale=scale,
        saved=saved,
        perspective=rater.perspective,
        ask_perspective=step == 1,
    )
    action = request.POST.get("action", "") if request.method == "POST" else ""
    if action == "autosave" and not form.is_valid():
        return HttpResponse(status=400)
    if request.method == "POST" and form.is_valid():
        try:
            rater = services.ratings_save(
                rater=rater,
                cells=[
                    services.CellInput(challenge.pk, level.key, value, evidence)
                    for challenge, level, value, evidence in form.changed_cells()
                ],
                perspective=perspective_of(form),
            )
            if action == "send":
                services.rater_submit(rater=rater)
        except ApplicationError as exc:
            if action == "autosave":
                return HttpResponse(status=exc.status)
            add_service_error(form, exc)
        else:
            if action == "autosave":
                return HttpResponse(status=204)
            if action == "send":
                return render(
                    request,
                    "challenges/rate_sent.html",
                    {
                        **context,
                        "title": "Thank you, your ratings have been sent",
                        "just_sent": True,
                    },
                )
            if action == "save":
                messages.success(
                    request,
                    "Your answers are saved. Use the same link to come back and carry on."
                    if by_link
                    else "Your answers are saved. You can come back to this page to carry on.",
                )
                return redirect(_url(request, step))
            return redirect(_next(request, action, step, len(challenges)))
    number = 0 if step == SUMMARY else int(step)
    page = {
        **context,
        "form": form,
        "sections": form.sections(),
        "scale": scale,
        "levels": levels,
        "framework": framework,
        "step": number,
        "count": len(challenges),
        "action": _url(request, step),
        "back_url": _url(request, number - 1) if number > 1 else "",
        "all_url": f"{request.path}?all=1",
        "summary_url": _url(request, SUMMARY),
        "title": f"Your ratings: {rater.round.title}",
    }
    if step == SUMMARY:
        page.update(
            summary=_summary(challenges, levels, scale, saved, request),
            last_url=_url(request, len(challenges)),
            title=f"Check your ratings: {rater.round.title}",
        )
        return render(request, "challenges/rate_summary.html", page, status=form_status(form))
    page["title"] = f"Challenge {number} of {len(challenges)}: {rater.round.title}"
    return render(request, "challenges/rate_step.html", page, status=form_status(form))


def _next(request: HttpRequest, action: str, step: int | str, count: int) -> str:
    if step == SUMMARY:
        return _url(request, SUMMARY)
    number = int(step)
    if action == "back":
        return _url(request, max(number - 1, 1))
    if action == "summary" or number >= count:
        return _url(request, SUMMARY)
    return _url(request, number + 1)


def _summary(
    challenges: list[Any],
    levels: list[Any],
    scale: list[Any],
    saved: dict[tuple[int, int], Any],
    request: HttpRequest,
) -> list[dict[str, Any]]:
    labels = {p.value: f"{p.label} ({p.value})" for p in scale}
    rows = []
    for number, challenge in enumerate(challenges, start=1):
        answers = []
        for level in levels:
            rating = saved.get((challenge.pk, level.pk))
            if rating is None:
                answer = "Not answered"
            elif rating.value is None:
                answer = "Don't know"
            else:
                answer = labels.get(rating.value, str(rating.value))
            answers.append(
                {"level": level, "answer": answer, "note": rating.evidence if rating else ""}
            )
        rows.append(
            {
                "challenge": challenge,
                "answers": answers,
                "answered": sum(1 for a in answers if a["answer"] != "Not answered"),
                "change_url": _url(request, number),
            }
        )
    return rows
