"""Pages for frameworks and co-produced self-assessment rounds. Thin: each view validates a form,
calls services or selectors, and renders.

The tone matters: this is a group looking at itself together, not a management audit. Pages speak
of "rating", "agreeing" and "priorities", and every rater's view counts the same."""

from __future__ import annotations

import statistics
from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.accounts.models import Perspective
from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.network import access as network_access
from recoverynet.network import selectors as network_selectors

from . import access, framework_views, selectors, services
from .forms import (
    ConsensusForm,
    InviteLinkForm,
    InviteMemberForm,
    PrioritiesForm,
    RatingForm,
    RoundStartForm,
)
from .frameworks import TEAM_RESOURCE_FIELDS
from .models import AssessmentRound, Rater, RoundStatus, ScalePoint

PERSPECTIVE_LABELS = {
    value: label for value, label in Perspective.choices if value != Perspective.PREFER_NOT
}
_NEW_LINK_KEY = "challenges-new-link"


def _perspective(value: str) -> str:
    return PERSPECTIVE_LABELS.get(value, "Not said")


def _number(value: float | None) -> str:
    """3 → "3", 2.5 → "2.5", None → "–"."""
    if value is None:
        return "–"
    return f"{value:g}"


def _status(form: Any) -> int:
    return 400 if form is not None and form.is_bound and form.errors else 200


# --- Frameworks (public) ---------------------------------------------------------------------------


def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "challenges/framework_list.html",
        {"frameworks": selectors.frameworks_current(), "title": "Self-assessment frameworks"},
    )


def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(pk)
    return render(
        request,
        "challenges/framework_detail.html",
        {
            "framework": framework,
            "title": framework.name,
            "can_edit": framework.is_current and framework_views.can_edit(request.user, framework),
        },
    )


# --- An organisation's rounds --------------------------------------------------------------------------


@login_required
def organisation_rounds(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    rounds = selectors.rounds_for_organisation(actor=request.user, organisation=organisation)
    return render(
        request,
        "challenges/organisation_rounds.html",
        {
            "organisation": organisation,
            "rounds": rounds,
            "can_start": access.can_start_round(request.user, organisation),
            "title": f"Self-assessment at {organisation.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def round_start(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    if not access.can_start_round(request.user, organisation):
        raise PermissionDenied(
            "Only the organisation's recovery lead or the network team can start a self-assessment."
        )
    form = RoundStartForm(
        request.POST if request.method == "POST" else None,
        frameworks=selectors.frameworks_current(),
    )
    if request.method == "POST" and form.is_valid():
        try:
            round_ = services.round_start(
                actor=request.user,
                organisation=organisation,
                framework=form.cleaned_data["framework"],
                title=form.cleaned_data["title"],
                team_name=form.cleaned_data["team_name"],
                team_resources=form.team_resources(),
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, "The self-assessment has started. Invite the people who will rate."
            )
            return redirect("challenges:round-detail", public_id=round_.public_id)
    return render(
        request,
        "challenges/round_start.html",
        {"organisation": organisation, "form": form, "title": "Start a self-assessment"},
        status=_status(form),
    )


# --- One round -------------------------------------------------------------------------------------


def _own_rater(raters: list[Rater], user: Any) -> Rater | None:
    return next((r for r in raters if r.user_id is not None and r.user_id == user.pk), None)


def _scale_labels(round_: AssessmentRound) -> dict[int, str]:
    return {p.value: p.label for p in round_.framework.scale.all()}


def _agreed(cell: selectors.Cell, labels: dict[int, str]) -> str:
    if cell.consensus is None:
        return ""
    value = cell.consensus.value
    return f"{value} {labels.get(value, '')}".strip()


def _consensus_rows(grid: selectors.Grid) -> list[dict[str, Any]]:
    """The agreed rating for each challenge at each level, for the summary table."""
    labels = _scale_labels(grid.round)
    return [
        {"challenge": challenge, "agreed": [_agreed(cell, labels) for cell in cells]}
        for challenge, cells in grid.rows()
    ]


def _priorities(round_: AssessmentRound) -> list[Any]:
    return list(round_.priorities.select_related("challenge", "level"))


def _invite_link(request: HttpRequest, round_: AssessmentRound, form: InviteLinkForm) -> str:
    """Invite by link and remember the link for the next page view only (it is shown once)."""
    invitation = services.rater_invite_by_link(
        actor=request.user,
        round_=round_,
        name=form.cleaned_data["name"],
        email=form.cleaned_data["email"],
    )
    url = request.build_absolute_uri(
        reverse("challenges:rate-by-link", args=[invitation.raw_token])
    )
    request.session[_NEW_LINK_KEY] = {
        "round": str(round_.public_id),
        "name": invitation.rater.name,
        "url": url,
        "emailed": bool(invitation.rater.email),
    }
    return invitation.rater.name


@login_required
@require_http_methods(["GET", "POST"])
def round_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    can_facilitate = access.can_facilitate(request.user, round_)
    is_open = round_.status == RoundStatus.OPEN
    member_form = InviteMemberForm(prefix="member")
    link_form = InviteLinkForm(prefix="link")
    if request.method == "POST":
        if not can_facilitate:
            raise PermissionDenied("Only the round's facilitator can invite people to rate.")
        if not is_open:
            raise ApplicationError(
                "closed", "This round is closed, so no one else can be invited.", status=409
            )
        action = request.POST.get("action")
        if action == "invite_member":
            member_form = InviteMemberForm(request.POST, prefix="member")
            if member_form.is_valid():
                try:
                    rater = services.rater_invite_by_email(
                        actor=request.user, round_=round_, email=member_form.cleaned_data["email"]
                    )
                except ApplicationError as exc:
                    add_service_error(member_form, exc)
                else:
                    messages.success(
                        request, f"We have e-mailed {rater.name} an invitation to rate."
                    )
                    return redirect("challenges:round-detail", public_id=round_.public_id)
        elif action == "invite_link":
            link_form = InviteLinkForm(request.POST, prefix="link")
            if link_form.is_valid():
                try:
                    _invite_link(request, round_, link_form)
                except ApplicationError as exc:
                    add_service_error(link_form, exc)
                else:
                    return redirect(
                        reverse("challenges:round-detail", args=[round_.public_id]) + "#new-link"
                    )
        else:
            raise ApplicationError("invalid", "Choose how to invite someone.", status=400)

    new_link = None
    if request.method == "GET":
        stored = request.session.get(_NEW_LINK_KEY)
        if stored and stored.get("round") == str(round_.public_id):
            new_link = request.session.pop(_NEW_LINK_KEY)

    grid = selectors.round_grid(actor=request.user, round_=round_)
    raters = [{"rater": r, "by_link": not r.user_id and bool(r.token_hash)} for r in grid.raters]
    counts = grid.perspective_counts()
    cells = len(grid.challenges) * len(grid.levels)
    resources = [
        (label, round_.team_resources[key])
        for key, label in TEAM_RESOURCE_FIELDS
        if key in (round_.team_resources or {})
    ]
    return render(
        request,
        "challenges/round_detail.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "title": round_.title,
            "can_facilitate": can_facilitate,
            "is_open": is_open,
            "grid": grid,
            "raters": raters,
            "perspective_counts": [(_perspective(p), n) for p, n in counts.shown],
            "perspectives_not_shown": counts.not_shown,
            "people_minimum": counts.minimum,
            "rater_count": len(grid.raters),
            "sent_count": sum(1 for r in grid.raters if r.submitted_at),
            "agreed": grid.agreed,
            "cells": cells,
            "all_agreed": grid.agreed >= cells,
            "own_rater": _own_rater(grid.raters, request.user),
            "member_form": member_form if can_facilitate and is_open else None,
            "link_form": link_form if can_facilitate and is_open else None,
            "new_link": new_link,
            "resources": resources,
            "consensus_rows": _consensus_rows(grid) if not is_open else [],
            "priorities": _priorities(round_) if not is_open else [],
        },
        status=_status(member_form) if member_form.is_bound else _status(link_form),
    )


# --- Rating -------------------------------------------------------------------------------------------


def _rate_page(request: HttpRequest, rater: Rater, *, by_link: bool) -> HttpResponse:
    """The whole grid on one page for one rater. Shared by signed-in raters and link raters."""
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
        status=_status(form),
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
    # Invited volunteers and students rate without seeing the round, so this looks the round up
    # directly; rater_for_user is the access check (only the round's raters get in).
    round_ = (
        AssessmentRound.objects.select_related("organisation", "framework")
        .filter(public_id=public_id)
        .first()
    )
    if round_ is None:
        raise NotFound("We could not find that self-assessment.")
    rater = services.rater_for_user(actor=request.user, round_=round_)
    rater.round = round_
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


# --- Side by side, consensus ---------------------------------------------------------------------------


def _grid_rows(grid: selectors.Grid, show_names: bool) -> list[dict[str, Any]]:
    """Per challenge: one row per level with every rater's value, the median, the medians of each
    perspective, the agreed rating and the notes."""
    labels = _scale_labels(grid.round)
    rows = []
    for challenge, cells in grid.rows():
        levels = []
        notes = []
        for cell in cells:
            by_rater = {rater.pk: rating for rater, rating in cell.ratings}
            values = cell.values
            levels.append(
                {
                    "cell": cell,
                    "anchor": f"cell-{challenge.pk}-{cell.level.key}",
                    "agreed": _agreed(cell, labels),
                    "values": [
                        {
                            "value": by_rater[r.pk].value if r.pk in by_rater else None,
                            "rated": r.pk in by_rater,
                        }
                        for r in grid.raters
                    ],
                    "median": _number(statistics.median(values)) if values else "–",
                    "perspectives": [
                        (_perspective(p), _number(m))
                        for p, m in sorted(cell.perspective_medians().items())
                    ],
                }
            )
            for rater, rating in cell.ratings:
                if rating.evidence:
                    notes.append(
                        {
                            "level": cell.level,
                            "who": rater.name if show_names else "",
                            "text": rating.evidence,
                        }
                    )
        rows.append({"challenge": challenge, "levels": levels, "notes": notes})
    return rows


@login_required
@require_http_methods(["GET", "POST"])
def round_grid(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    can_facilitate = access.can_facilitate(request.user, round_)
    editing = can_facilitate and round_.status == RoundStatus.OPEN
    scale = list(round_.framework.scale.all())
    posted: ConsensusForm | None = None
    posted_key: tuple[str, str] | None = None
    if request.method == "POST":
        if not editing:
            raise PermissionDenied(
                "Only the round's facilitator can record the agreed rating, while the round is open."
            )
        challenge_raw = request.POST.get("challenge", "")
        level_raw = request.POST.get("level", "")
        if not (challenge_raw.isascii() and challenge_raw.isdecimal() and len(challenge_raw) < 10):
            raise ApplicationError("invalid", "That challenge is not part of this round.")
        posted_key = (challenge_raw, level_raw[:30])
        posted = ConsensusForm(
            request.POST, scale=scale, auto_id=f"consensus-{challenge_raw}-{level_raw[:30]}-%s"
        )
        if posted.is_valid():
            try:
                services.consensus_set(
                    actor=request.user,
                    round_=round_,
                    challenge_id=posted.cleaned_data["challenge"],
                    level_key=posted.cleaned_data["level"],
                    value=posted.cleaned_data["value"],
                    rationale=posted.cleaned_data["rationale"],
                )
            except ApplicationError as exc:
                add_service_error(posted, exc)
            else:
                return redirect(
                    reverse("challenges:round-grid", args=[round_.public_id])
                    + f"#challenge-{posted.cleaned_data['challenge']}"
                )

    grid = selectors.round_grid(actor=request.user, round_=round_)
    show_names = can_facilitate or network_access.can_view_audit(request.user, round_.organisation)
    rows = _grid_rows(grid, show_names)
    if editing:
        for row in rows:
            for item in row["levels"]:
                cell = item["cell"]
                key = (str(cell.challenge.pk), cell.level.key)
                if posted is not None and key == posted_key:
                    item["form"] = posted
                    continue
                item["form"] = ConsensusForm(
                    scale=scale,
                    auto_id=f"consensus-{cell.challenge.pk}-{cell.level.key}-%s",
                    initial={
                        "challenge": cell.challenge.pk,
                        "level": cell.level.key,
                        "value": cell.consensus.value if cell.consensus else "",
                        "rationale": cell.consensus.rationale if cell.consensus else "",
                    },
                )
        if posted is not None and not any(
            item.get("form") is posted for row in rows for item in row["levels"]
        ):
            raise ApplicationError("invalid", "That challenge or level is not part of this round.")
    headers = [r.name if show_names else f"Rater {i}" for i, r in enumerate(grid.raters, start=1)]
    disagreements = [
        {
            "cell": cell,
            "anchor": f"cell-{cell.challenge.pk}-{cell.level.key}",
            "perspectives": [
                (_perspective(p), _number(m)) for p, m in sorted(cell.perspective_medians().items())
            ],
        }
        for cell in grid.disagreements
    ]
    return render(
        request,
        "challenges/round_grid.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "title": f"Ratings side by side: {round_.title}",
            "grid": grid,
            "rows": rows,
            "headers": headers,
            "show_names": show_names,
            "people_minimum": aggregates.people_minimum(),
            "editing": editing,
            "disagreements": disagreements,
            "posted": posted,
            "cells": len(grid.challenges) * len(grid.levels),
        },
        status=_status(posted),
    )


@login_required
@require_POST
def round_close(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    if not access.can_facilitate(request.user, round_):
        raise PermissionDenied("Only the round's facilitator can close it.")
    try:
        services.round_close(actor=request.user, round_=round_)
    except (PermissionDenied, NotFound):
        raise
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("challenges:round-detail", public_id=round_.public_id)
    messages.success(
        request,
        "The round is closed and its ratings are kept as they are. Now choose your priorities.",
    )
    return redirect("challenges:round-priorities", public_id=round_.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def round_priorities(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    can_facilitate = access.can_facilitate(request.user, round_)
    is_closed = round_.status == RoundStatus.CLOSED
    grid = selectors.round_grid(actor=request.user, round_=round_)
    current = _priorities(round_)
    form = None
    if can_facilitate and is_closed:
        initial: dict[str, Any] = {}
        for p in current:
            initial[f"cell_{p.rank}"] = f"{p.challenge_id}:{p.level.key}"
            initial[f"reason_{p.rank}"] = p.reason
        form = PrioritiesForm(
            request.POST if request.method == "POST" else None,
            challenges=grid.challenges,
            levels=grid.levels,
            initial=initial,
        )
    if request.method == "POST":
        if form is None:
            raise PermissionDenied(
                "Only the round's facilitator can choose the priorities, once the round is closed."
            )
        if form.is_valid():
            try:
                services.priorities_set(
                    actor=request.user,
                    round_=round_,
                    priorities=[
                        services.PriorityInput(challenge_id=c, level_key=lv, reason=reason)
                        for c, lv, reason in form.priorities()
                    ],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Your priorities are saved.")
                return redirect("challenges:round-priorities", public_id=round_.public_id)
    return render(
        request,
        "challenges/round_priorities.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "title": f"Priorities: {round_.title}",
            "form": form,
            "is_closed": is_closed,
            "can_facilitate": can_facilitate,
            "priorities": current,
            "consensus_rows": _consensus_rows(grid),
            "grid": grid,
        },
        status=_status(form),
    )
