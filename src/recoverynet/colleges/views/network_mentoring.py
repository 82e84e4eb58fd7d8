"""Pages for mentoring pairs: a network's capacity and pairs (network team), the pairs a person can
see, and one pair with its goals, check-ins and ending."""

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

from .. import network_access
from ..network_mentoring_forms import (
    CapacityForm,
    CheckInForm,
    EndForm,
    GoalForm,
    GoalStatusForm,
    PairForm,
)
from ..selectors import mentoring as selectors
from ..selectors import network as network_selectors
from ..services import mentoring as services
from .network_common import show_error, status_of, which


@login_required
@require_http_methods(["GET", "POST"])
def network_mentoring(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    capacities = selectors.mentor_capacities(actor=request.user, network=network)
    colleges = [row["college"] for row in capacities]
    sent = which(request)
    bound = request.POST if request.method == "POST" else None
    pair_form = PairForm(bound if sent == "pair" else None, colleges=colleges)
    capacity_form = CapacityForm(bound if sent == "capacity" else None, colleges=colleges)
    try:
        if sent == "pair" and pair_form.is_valid():
            data = pair_form.cleaned_data
            pair = services.pair_create(
                actor=request.user,
                network=network,
                mentor=pair_form.colleges[data["mentor"]],
                mentee=pair_form.colleges[data["mentee"]],
                started_on=data["started_on"],
                goals=[g for g in data["goals"].splitlines() if g.strip()],
            )
            messages.success(request, "The colleges are paired.")
            return redirect("learning_network:mentoring-pair", public_id=pair.public_id)
        if sent == "capacity" and capacity_form.is_valid():
            services.mentor_capacity_set(
                actor=request.user,
                college=capacity_form.chosen(),
                capacity=capacity_form.cleaned_data["capacity"],
            )
            messages.success(request, "The mentor capacity is saved.")
            return redirect("learning_network:network-mentoring", slug=network.slug)
    except ApplicationError as exc:
        show_error(pair_form if sent == "pair" else capacity_form, exc)
    pairs = [p for p in selectors.pairs_visible(actor=request.user) if p.network_id == network.pk]
    return render(
        request,
        "colleges/network/network_mentoring.html",
        {
            "network": network,
            "capacities": capacities,
            "pairs": pairs,
            "pair_form": pair_form,
            "capacity_form": capacity_form,
            "supports": network_access.supports(request.user, network.pk),
            "title": f"Mentoring in {network.name}",
        },
        status=status_of(pair_form, capacity_form),
    )


@login_required
def my_mentoring(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "colleges/network/my_mentoring.html",
        {"pairs": selectors.pairs_visible(actor=request.user), "title": "Mentoring"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def mentoring_pair(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    pair = selectors.pair_get(actor=request.user, public_id=public_id)
    sent = which(request)
    bound = request.POST if request.method == "POST" else None
    built: dict[str, forms.Form] = {
        "goal": GoalForm(bound if sent == "goal" else None),
        "goal_status": GoalStatusForm(bound if sent == "goal_status" else None),
        "check_in": CheckInForm(bound if sent == "check_in" else None),
        "end": EndForm(bound if sent == "end" else None),
    }
    form = built.get(sent)
    if sent and not selectors.can_work_on(request.user, pair):
        raise PermissionDenied("Only the two colleges' managers and the network team change this.")
    if form is not None and form.is_valid():
        data = form.cleaned_data
        try:
            if sent == "goal":
                services.goal_add(actor=request.user, pair=pair, text=data["text"])
            elif sent == "goal_status":
                services.goal_update(
                    actor=request.user, pair=pair, goal_id=data["goal"], status=data["status"]
                )
            elif sent == "check_in":
                services.check_in_record(
                    actor=request.user, pair=pair, held_on=data["held_on"], notes=data["notes"]
                )
            elif sent == "end":
                services.pair_end(
                    actor=request.user,
                    pair=pair,
                    ended_on=data["ended_on"],
                    end_state=data["end_state"],
                    note=data["note"],
                )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "Saved.")
            return redirect("learning_network:mentoring-pair", public_id=pair.public_id)
    return render(
        request,
        "colleges/network/mentoring_pair.html",
        {
            "pair": pair,
            "forms": built,
            "can_work": selectors.can_work_on(request.user, pair) and pair.active,
            "status_choices": GoalStatusForm.base_fields["status"].choices,  # type: ignore[attr-defined]
            "title": f"{pair.mentor.name} mentoring {pair.mentee.name}",
        },
        status=status_of(*built.values()),
    )
