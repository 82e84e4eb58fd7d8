"""Pages for RECOLLECT fidelity reviews: a college's reviews, one review side by side (agreeing
ratings, closing, starting the action plan), rating in one's own version, the network's
distribution of totals and loading the licensed wording."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network import selectors as network_selectors

from .. import fidelity as structure
from .. import network_access
from ..network_forms import (
    AgreeForm,
    FidelityRatingForm,
    FidelityStartForm,
    PlanTitleForm,
    WordingForm,
)
from ..selectors import fidelity as selectors
from ..selectors import network as network_selectors_local
from ..services import fidelity as services
from .network_common import show_error, status_of, which


@login_required
@require_http_methods(["GET", "POST"])
def college_fidelity(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = network_selectors_local.college_by_slug(slug)
    reviews = selectors.fidelity_reviews_for_college(actor=request.user, college=college)
    networks = network_selectors_local.college_networks(college)
    can_start = any(
        network_access.can_run_college_work(request.user, college, n.pk) for n in networks
    )
    form = FidelityStartForm(request.POST if request.method == "POST" else None, networks=networks)
    if request.method == "POST" and form.is_valid():
        try:
            review = services.fidelity_review_start(
                actor=request.user,
                college=college,
                network=form.chosen_network(),
                title=form.cleaned_data["title"],
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request,
                "The review has started. Ask the college's students, peer trainers and manager to rate.",
            )
            return redirect("learning_network:fidelity-review", public_id=review.public_id)
    rows = [
        {"review": r, "total": structure.total({a.component: a.score for a in r.agreements.all()})}
        for r in reviews
    ]
    return render(
        request,
        "colleges/network/college_fidelity.html",
        {
            "college": college,
            "rows": rows,
            "form": form if can_start and networks else None,
            "title": f"Fidelity reviews at {college.name}",
        },
        status=status_of(form),
    )


def _agree_value(form: AgreeForm) -> tuple[int | None, int | None]:
    """ "s1" is a score of 1, "t2" type 2 (the service refuses one that does not fit the component)."""
    raw = form.cleaned_data["value"]
    value = int(raw[1:])
    return (value, None) if raw.startswith("s") else (None, value)


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_review(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    review = selectors.fidelity_review_get(actor=request.user, public_id=public_id)
    if not selectors.can_see_whole(request.user, review):
        return redirect("learning_network:fidelity-rate", public_id=review.public_id)
    facilitator = selectors.can_facilitate(request.user, review)
    sent = which(request)
    agree_form = AgreeForm(request.POST if sent == "agree" else None)
    plan_form = PlanTitleForm(
        request.POST if sent == "plan" else None,
        initial={"title": f"Actions from {review.title}"},
    )
    try:
        if sent and not facilitator:
            raise PermissionDenied("Only the college's managers and the network team do this.")
        if sent == "agree" and agree_form.is_valid():
            score, type_ = _agree_value(agree_form)
            services.fidelity_agree(
                actor=request.user,
                review=review,
                component=agree_form.cleaned_data["component"],
                score=score,
                type=type_,
                rationale=agree_form.cleaned_data["rationale"],
            )
            messages.success(request, "The agreed rating is saved.")
            return redirect("learning_network:fidelity-review", public_id=review.public_id)
        if sent == "close":
            services.fidelity_review_close(actor=request.user, review=review)
            messages.success(request, "The review is closed.")
            return redirect("learning_network:fidelity-review", public_id=review.public_id)
        if sent == "plan" and plan_form.is_valid():
            plan: Any = services.fidelity_plan_create(
                actor=request.user, review=review, title=plan_form.cleaned_data["title"]
            )
            messages.success(request, "The action plan has started.")
            return redirect("plans:plan-detail", public_id=plan.public_id)
    except ApplicationError as exc:
        target = plan_form if sent == "plan" else agree_form
        if exc.status in (401, 403, 404):
            raise
        if sent == "close":
            messages.error(request, exc.message)
            return redirect("learning_network:fidelity-review", public_id=review.public_id)
        show_error(target, exc)
    grid = selectors.fidelity_grid(actor=request.user, review=review)
    return render(
        request,
        "colleges/network/fidelity_review.html",
        {
            "review": review,
            "grid": grid,
            "facilitator": facilitator,
            "can_rate": selectors.rater_version(request.user, review.college) is not None,
            "agree_form": agree_form,
            "plan_form": plan_form,
            "score_labels": structure.SCORE_LABELS,
            "score_colours": structure.SCORE_COLOURS,
            "type_labels": structure.TYPE_LABELS,
            "max_total": structure.MAX_TOTAL,
            "title": review.title,
        },
        status=status_of(agree_form, plan_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_rate(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    review = selectors.fidelity_review_get(actor=request.user, public_id=public_id)
    version = selectors.rater_version(request.user, review.college)
    if version is None:
        raise PermissionDenied("Only the college's students, peer trainers and managers rate.")
    form = FidelityRatingForm(
        request.POST if request.method == "POST" else None,
        version=version,
        wording=selectors.wording(review.network_id),
        initial_ratings=selectors.my_ratings(actor=request.user, review=review),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.fidelity_ratings_save(
                actor=request.user, review=review, ratings=form.ratings()
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, "Your ratings are saved. You can change them until the review closes."
            )
            return redirect("learning_network:fidelity-rate", public_id=review.public_id)
    return render(
        request,
        "colleges/network/fidelity_rate.html",
        {
            "review": review,
            "form": form,
            "version_label": structure.VERSION_LABELS[version],
            "has_wording": bool(selectors.wording(review.network_id)),
            "title": f"Rate: {review.title}",
        },
        status=status_of(form),
    )


@login_required
def network_fidelity(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors_local.network_for_member_or_team(actor=request.user, slug=slug)
    distribution = selectors.fidelity_distribution(actor=request.user, network=network)
    team = network_access.is_team(request.user, network.pk)
    reviews = (
        list(selectors.reviews_in_network(actor=request.user, network=network)) if team else []
    )
    return render(
        request,
        "colleges/network/network_fidelity.html",
        {
            "network": network,
            "distribution": distribution,
            "reviews": [
                {
                    "review": r,
                    "total": structure.total({a.component: a.score for a in r.agreements.all()}),
                }
                for r in reviews
            ],
            "team": team,
            "licence": selectors.licence(network) if team else None,
            "can_load": network_access.coordinates(request.user, network.pk),
            "title": f"Fidelity across {network.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def fidelity_wording(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    if not network_access.coordinates(request.user, network.pk):
        raise PermissionDenied("Only the network's coordinators load the licensed wording.")
    form = WordingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            rows = services.wording_parse(form.cleaned_data["wording"])
            count = services.wording_load(
                actor=request.user,
                network=network,
                licence_holder=form.cleaned_data["licence_holder"],
                terms_confirmed=form.cleaned_data["terms_confirmed"],
                rows=rows,
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, f"{count} items of wording are loaded for {network.name}.")
            return redirect("learning_network:network-fidelity", slug=network.slug)
    return render(
        request,
        "colleges/network/fidelity_wording.html",
        {
            "network": network,
            "form": form,
            "licence": selectors.licence(network),
            "components": structure.COMPONENTS,
            "title": "Load the RECOLLECT wording",
        },
        status=status_of(form),
    )
