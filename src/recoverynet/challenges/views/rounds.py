"""An organisation's rounds and one round: start, invite raters, close, choose priorities, start an action plan from them."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.undo import UNDO_WINDOW
from recoverynet.network import selectors as network_selectors
from recoverynet.plans import selectors as plan_selectors

from .. import access, plan_links, selectors, services
from ..forms import (
    InviteLinkForm,
    InviteMemberForm,
    PrioritiesForm,
    RoundStartForm,
)
from ..frameworks import TEAM_RESOURCE_FIELDS
from ..models import AssessmentRound, Rater, RoundStatus
from ..services.deadlines import schedule_text
from ._common import NEW_LINK_KEY, form_status, perspective_label

UNDO_MINUTES = int(UNDO_WINDOW.total_seconds() // 60)


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
                rate_by=form.cleaned_data["rate_by"],
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
        status=form_status(form),
    )


def _own_rater(raters: list[Rater], user: Any) -> Rater | None:
    return next((r for r in raters if r.user_id is not None and r.user_id == user.pk), None)


def scale_labels(round_: AssessmentRound) -> dict[int, str]:
    return {p.value: p.label for p in round_.framework.scale.all()}


def agreed_text(cell: selectors.Cell, labels: dict[int, str]) -> str:
    if cell.consensus is None:
        return ""
    value = cell.consensus.value
    return f"{value} {labels.get(value, '')}".strip()


def consensus_rows(grid: selectors.Grid) -> list[dict[str, Any]]:
    """The agreed rating for each challenge at each level, for the summary table."""
    labels = scale_labels(grid.round)
    return [
        {"challenge": challenge, "agreed": [agreed_text(cell, labels) for cell in cells]}
        for challenge, cells in grid.rows()
    ]


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
    request.session[NEW_LINK_KEY] = {
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
        stored = request.session.get(NEW_LINK_KEY)
        if stored and stored.get("round") == str(round_.public_id):
            new_link = request.session.pop(NEW_LINK_KEY)

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
            "perspective_counts": [(perspective_label(p), n) for p, n in counts.shown],
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
            "consensus_rows": consensus_rows(grid) if not is_open else [],
            "priorities": selectors.round_priorities(round_) if not is_open else [],
            "undo_close_until": selectors.round_close_undo_until(actor=request.user, round_=round_),
            "reminder_schedule": schedule_text(round_.reminder_days),
        },
        status=form_status(member_form) if member_form.is_bound else form_status(link_form),
    )


@login_required
@require_POST
def round_close(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    if not access.can_facilitate(request.user, round_):
        raise PermissionDenied("Only the round's facilitator can close it.")
    if request.POST.get("confirmed") != "yes":  # ask first, saying what will happen (issue #15)
        return render(
            request,
            "core/confirm.html",
            {
                "caption": round_.title,
                "title": "Close this self-assessment round?",
                "what_happens": [
                    "The agreed ratings are kept as they are: nobody can change them after this.",
                    "Raters who have not sent their ratings can no longer send them.",
                    "Next, you choose the organisation's top three priorities.",
                    f"If it is a mistake, you can open the round again for {UNDO_MINUTES} "
                    "minutes, until you choose the priorities.",
                ],
                "button": "Yes, close the round",
                "action": request.path,
                "back_url": reverse("challenges:round-detail", args=[round_.public_id]),
                "back_label": "No, go back to the round",
            },
        )
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
@require_POST
def round_close_undo(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    """Open a round closed by mistake again, within minutes of closing it."""
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    try:
        services.round_close_undo(actor=request.user, round_=round_)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("challenges:round-detail", public_id=round_.public_id)
    messages.success(request, "Closing is undone: the round is open again.")
    return redirect("challenges:round-detail", public_id=round_.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def round_priorities(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    can_facilitate = access.can_facilitate(request.user, round_)
    is_closed = round_.status == RoundStatus.CLOSED
    grid = selectors.round_grid(actor=request.user, round_=round_)
    current = selectors.round_priorities(round_)
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
            "consensus_rows": consensus_rows(grid),
            "grid": grid,
            "undo_close_until": selectors.round_close_undo_until(actor=request.user, round_=round_),
            "plans": plan_selectors.plans_from_source(
                actor=request.user, kind=plan_links.ROUND_SOURCE, source_id=str(round_.public_id)
            ),
        },
        status=form_status(form),
    )


@login_required
@require_POST
def plan_from_round(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    try:
        plan = services.plan_from_priorities(actor=request.user, round_=round_)
    except ApplicationError as exc:
        if exc.status in (403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("challenges:round-priorities", public_id=round_.public_id)
    messages.success(
        request,
        "Your action plan has started, with one action for each priority. Say what will be done, "
        "who will do it and by when.",
    )
    return redirect("plans:plan-detail", public_id=plan.public_id)
