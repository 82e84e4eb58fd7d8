"""Pages for action plans: an organisation's plans, one plan with its actions and history, and
updating an action. (The review agenda for a learning-set day is the events app's page.)

Thin: each view checks access (through the selectors), validates a form, calls one service and
redirects. The plan is the group's own: pages speak of progress and reset goals, and changing a
date or dropping an action is normal, not a failure."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page
from recoverynet.network import selectors as network_selectors

from . import selectors, services, topics
from .forms import ActionForm, ActionUpdateForm, PlanStartForm, ReviewForm
from .models import Action, ActionPlan, ActionStatus


def _status(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def _reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on the form."""
    if exc.status in (403, 404):
        raise exc


def _status_label(value: str) -> str:
    return ActionStatus(value).label if value in ActionStatus.values else value


def _action_row(action: Action, today: Any) -> dict[str, Any]:
    return {"action": action, "overdue": selectors.is_overdue(action, today)}


# --- An organisation's plans ---------------------------------------------------------------------------


def _plan_summary(plan: ActionPlan, today: Any) -> dict[str, Any]:
    actions = list(plan.actions.all())
    counts = [
        (label, sum(1 for a in actions if a.status == value))
        for value, label in ActionStatus.choices
    ]
    return {
        "plan": plan,
        "total": len(actions),
        "counts": [(label, n) for label, n in counts if n],
        "overdue": sum(1 for a in actions if selectors.is_overdue(a, today)),
    }


@login_required
@require_http_methods(["GET", "POST"])
@private_page("plans", "network", topics.source_apps)
def organisation_plans(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    organisation_plans = selectors.plans_for_organisation(
        actor=request.user, organisation=organisation
    )
    form = PlanStartForm(
        request.POST if request.method == "POST" else None,
        occasions=selectors.occasion_choices(actor=request.user, organisation=organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = services.plan_create(
                actor=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                occasion=form.chosen_occasion(),
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "Your action plan has started. Now add its actions.")
            return redirect("plans:plan-detail", public_id=plan.public_id)
    today = timezone.localdate()
    return render(
        request,
        "plans/organisation_plans.html",
        {
            "organisation": organisation,
            "plans": [_plan_summary(p, today) for p in organisation_plans],
            "form": form,
            "related_links": topics.links_for(organisation),
            "title": f"Action plans at {organisation.name}",
        },
        status=_status(form),
    )


# --- One plan ------------------------------------------------------------------------------------------


def _history(plan: ActionPlan) -> list[dict[str, Any]]:
    """Every review and every note on an action, newest first."""
    entries: list[dict[str, Any]] = [
        {"kind": "review", "at": review.created_at, "review": review, "who": review.reviewed_by}
        for review in plan.reviews.all()
    ]
    for action in plan.actions.all():
        for note in action.notes.all():
            change = ""
            if note.status_change:
                parts = [_status_label(p.strip()) for p in note.status_change.split("→")]
                if len(parts) == 2:
                    change = f"Moved from {parts[0].lower()} to {parts[1].lower()}."
            entries.append(
                {
                    "kind": "note",
                    "at": note.created_at,
                    "note": note,
                    "action": action,
                    "who": note.author,
                    "change": change,
                }
            )
    entries.sort(key=lambda e: e["at"], reverse=True)
    return entries


@login_required
@require_http_methods(["GET", "POST"])
@private_page("plans", "network", topics.source_apps)
def plan_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, public_id=public_id)
    topics = selectors.topics_for_plan(plan)
    days = selectors.occasion_choices(actor=request.user, organisation=plan.organisation)
    action_form = ActionForm(prefix="action", topics=topics)
    review_form = ReviewForm(prefix="review", occasions=days)
    if request.method == "POST":
        kind = request.POST.get("form")
        if kind == "action":
            action_form = ActionForm(request.POST, prefix="action", topics=topics)
            if action_form.is_valid():
                try:
                    services.action_add(
                        actor=request.user, plan=plan, data=action_form.action_input()
                    )
                except ApplicationError as exc:
                    _reraise_access(exc)
                    add_service_error(action_form, exc)
                else:
                    messages.success(request, "The action is added to the plan.")
                    return redirect("plans:plan-detail", public_id=plan.public_id)
        elif kind == "review":
            review_form = ReviewForm(request.POST, prefix="review", occasions=days)
            if review_form.is_valid():
                try:
                    services.plan_review(
                        actor=request.user,
                        plan=plan,
                        progress=review_form.cleaned_data["progress"],
                        reset_goals=review_form.cleaned_data["reset_goals"],
                        occasion=review_form.chosen_occasion(),
                    )
                except ApplicationError as exc:
                    _reraise_access(exc)
                    add_service_error(review_form, exc)
                else:
                    messages.success(
                        request, "The review is recorded. You can see it in the plan's history."
                    )
                    return redirect("plans:plan-detail", public_id=plan.public_id)
        else:
            raise ApplicationError("invalid", "Choose what to do on this page.", status=400)
    today = timezone.localdate()
    rows = [_action_row(a, today) for a in plan.actions.all()]
    return render(
        request,
        "plans/plan_detail.html",
        {
            "plan": plan,
            "organisation": plan.organisation,
            "title": plan.title,
            "rows": rows,
            "overdue_count": sum(1 for r in rows if r["overdue"]),
            "action_form": action_form,
            "review_form": review_form,
            "history": _history(plan),
        },
        status=_status(action_form, review_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def action_update(request: AuthenticatedRequest, public_id: UUID, action_id: int) -> HttpResponse:
    plan = selectors.plan_get(actor=request.user, public_id=public_id)
    action = selectors.action_in_plan(plan, action_id)
    form = ActionUpdateForm(
        request.POST if request.method == "POST" else None,
        initial={
            "status": action.status,
            "dropped_reason": action.dropped_reason,
            "due": action.due,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.action_update(
                actor=request.user,
                action=action,
                status=form.cleaned_data["status"],
                note=form.cleaned_data["note"],
                dropped_reason=form.cleaned_data["dropped_reason"],
                due=form.new_due,
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The action is updated.")
            return redirect("plans:plan-detail", public_id=plan.public_id)
    return render(
        request,
        "plans/action_update.html",
        {
            "plan": plan,
            "action": action,
            "organisation": plan.organisation,
            "overdue": selectors.is_overdue(action),
            "form": form,
            "title": "Update an action",
        },
        status=_status(form),
    )
