"""The Learning Network's own page (member colleges, learning days, links to fidelity, peer review,
mentoring and the report) and one learning day with its action learning set: each college's plan
written at the day, and the plans from the day before to review."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import NameField

from .. import network_access
from ..network_forms import CollegeChoiceForm
from ..selectors import network as selectors
from ..services import learning_days as services
from .network_common import show_error, status_of, which


class LinkDayForm(forms.Form):
    theme = NameField(
        max_length=200,
        label="Theme of the day",
        error_messages={"required": "Give the day's theme."},
    )

    def __init__(self, *args: Any, days: list[Any], colleges: list[Any], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.colleges = {str(c.pk): c for c in colleges}
        self.fields["event"] = forms.ChoiceField(
            label="Network day",
            choices=[("", "Choose a day")]
            + [(str(e.public_id), f"{e.title}, {e.starts_at:%d %B %Y}") for e in days],
            error_messages={"required": "Choose the network day."},
        )
        self.fields["host"] = forms.ChoiceField(
            label="Hosting college",
            choices=[("", "Choose a college")] + [(k, c.name) for k, c in self.colleges.items()],
            error_messages={"required": "Choose the hosting college."},
        )
        self.order_fields(["event", "host", "theme"])


@login_required
@require_http_methods(["GET", "POST"])
def network_home(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = selectors.network_for_member_or_team(actor=request.user, slug=slug)
    colleges = list(selectors.member_colleges(network))
    days_to_link = selectors.network_days_to_link(actor=request.user, network=network)
    form = LinkDayForm(
        request.POST if request.method == "POST" else None, days=days_to_link, colleges=colleges
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.learning_day_link(
                actor=request.user,
                network=network,
                event_public_id=form.cleaned_data["event"],
                host=form.colleges[form.cleaned_data["host"]],
                theme=form.cleaned_data["theme"],
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The learning day is linked to its host college.")
            return redirect("learning_network:network-home", slug=network.slug)
    return render(
        request,
        "colleges/network/network_home.html",
        {
            "network": network,
            "colleges": colleges,
            "days": selectors.learning_days(network),
            "form": form if days_to_link else None,
            "team": network_access.is_team(request.user, network.pk),
            "title": f"{network.name}: the Learning Network",
        },
        status=status_of(form),
    )


class DayPlanForm(CollegeChoiceForm):
    title = NameField(
        max_length=200,
        label="Name of the plan",
        error_messages={"required": "Give the plan a name."},
    )


class DayReviewForm(forms.Form):
    plan = forms.UUIDField(widget=forms.HiddenInput)
    progress = forms.CharField(
        label="Progress since the last day",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "Say what progress has been made."},
    )
    reset_goals = forms.CharField(
        label="Goals reset",
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


@login_required
@require_http_methods(["GET", "POST"])
def learning_day(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    day = selectors.learning_day_get(actor=request.user, public_id=public_id)
    mine = selectors.my_colleges_in(actor=request.user, network=day.network)
    sent = which(request)
    bound = request.POST if request.method == "POST" else None
    plan_form = DayPlanForm(bound if sent == "plan" else None, colleges=mine, label="Your college")
    review_form = DayReviewForm(bound if sent == "review" else None)
    previous = selectors.previous_day(day)
    to_review = selectors.day_plans(actor=request.user, day=previous) if previous else []
    try:
        if sent == "plan" and plan_form.is_valid():
            plan = services.learning_day_plan_create(
                actor=request.user,
                day=day,
                college=plan_form.chosen(),
                title=plan_form.cleaned_data["title"],
            )
            messages.success(request, "Your action plan has started. Add its actions.")
            return redirect("plans:plan-detail", public_id=plan.public_id)
        if sent == "review" and review_form.is_valid():
            plan = next(
                (p for p in to_review if p.public_id == review_form.cleaned_data["plan"]), None
            )
            if plan is None:
                raise ApplicationError(
                    "invalid", "Choose a plan from the last day.", field="plan", status=422
                )
            services.learning_day_plan_review(
                actor=request.user,
                day=day,
                plan=plan,
                progress=review_form.cleaned_data["progress"],
                reset_goals=review_form.cleaned_data["reset_goals"],
            )
            messages.success(request, "The review is recorded in the plan.")
            return redirect("learning_network:learning-day", public_id=day.public_id)
    except ApplicationError as exc:
        show_error(plan_form if sent == "plan" else review_form, exc)
    return render(
        request,
        "colleges/network/learning_day.html",
        {
            "day": day,
            "plans": selectors.day_plans(actor=request.user, day=day),
            "previous": previous,
            "to_review": to_review,
            "plan_form": plan_form if mine else None,
            "review_form": review_form,
            "title": day.theme,
        },
        status=status_of(plan_form, review_form),
    )
