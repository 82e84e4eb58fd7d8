"""Pages for action plans: an organisation's plans, one plan with its actions and history, updating
an action, starting a plan from a round's priorities, and the review agenda for a learning-set day.

Thin: each view checks access (through the reads in plans.py), validates a form, calls one service
and redirects. The plan is the group's own: pages speak of progress and reset goals, and changing a
date or dropping an action is normal, not a failure."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.events import selectors as event_selectors
from recoverynet.events.models import BookingStatus
from recoverynet.network import selectors as network_selectors
from recoverynet.network.models import Organisation

from . import frameworks, plans, selectors
from .models import Action, ActionPlan, ActionStatus, Challenge, Level
from .plan_forms import ActionForm, ActionUpdateForm, PlanStartForm, ReviewForm


def _status(*forms_: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if any(f is not None and f.is_bound and f.errors for f in forms_) else 200


def _reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on the form."""
    if exc.status in (403, 404):
        raise exc


def _learning_days(actor: Any, organisation: Organisation) -> list[Any]:
    """Learning-set days the organisation has confirmed places at, newest first. Empty for people
    who may not see the organisation's bookings."""
    try:
        bookings = event_selectors.bookings_for_organisation(actor=actor, organisation=organisation)
    except PermissionDenied:
        return []
    days: dict[int, Any] = {}
    for booking in bookings.filter(
        status=BookingStatus.CONFIRMED, event__learning_set__isnull=False
    ):
        days.setdefault(booking.event_id, booking.event)
    return list(days.values())


def _status_label(value: str) -> str:
    return ActionStatus(value).label if value in ActionStatus.values else value


def _action_row(action: Action, today: Any) -> dict[str, Any]:
    return {"action": action, "overdue": plans.is_overdue(action, today)}


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
        "overdue": sum(1 for a in actions if plans.is_overdue(a, today)),
    }


@login_required
@require_http_methods(["GET", "POST"])
def organisation_plans(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    organisation_plans = plans.plans_for_organisation(actor=request.user, organisation=organisation)
    form = PlanStartForm(
        request.POST if request.method == "POST" else None,
        learning_days=_learning_days(request.user, organisation),
    )
    if request.method == "POST" and form.is_valid():
        try:
            plan = plans.plan_create(
                actor=request.user,
                organisation=organisation,
                title=form.cleaned_data["title"],
                event=form.chosen_event(),
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "Your action plan has started. Now add its actions.")
            return redirect("challenges:plan-detail", public_id=plan.public_id)
    today = timezone.localdate()
    return render(
        request,
        "challenges/plans/organisation_plans.html",
        {
            "organisation": organisation,
            "plans": [_plan_summary(p, today) for p in organisation_plans],
            "form": form,
            "title": f"Action plans at {organisation.name}",
        },
        status=_status(form),
    )


# --- One plan ------------------------------------------------------------------------------------------


def _framework_choices(plan: ActionPlan) -> tuple[list[Challenge], list[Level]]:
    """The plan's round framework; otherwise the current Ten Organisational Challenges."""
    if plan.round_id and plan.round is not None:
        framework: Any = plan.round.framework
    else:
        framework = (
            selectors.frameworks_current()
            .filter(family=frameworks.TEN_CHALLENGES["family"])
            .first()
        )
    if framework is None:
        return [], []
    return list(framework.challenges.all()), list(framework.levels.all())


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
def plan_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    plan = plans.plan_get(actor=request.user, public_id=public_id)
    challenges, levels = _framework_choices(plan)
    days = _learning_days(request.user, plan.organisation)
    action_form = ActionForm(prefix="action", challenges=challenges, levels=levels)
    review_form = ReviewForm(prefix="review", learning_days=days)
    if request.method == "POST":
        kind = request.POST.get("form")
        if kind == "action":
            action_form = ActionForm(
                request.POST, prefix="action", challenges=challenges, levels=levels
            )
            if action_form.is_valid():
                try:
                    plans.action_add(actor=request.user, plan=plan, data=action_form.action_input())
                except ApplicationError as exc:
                    _reraise_access(exc)
                    add_service_error(action_form, exc)
                else:
                    messages.success(request, "The action is added to the plan.")
                    return redirect("challenges:plan-detail", public_id=plan.public_id)
        elif kind == "review":
            review_form = ReviewForm(request.POST, prefix="review", learning_days=days)
            if review_form.is_valid():
                try:
                    plans.plan_review(
                        actor=request.user,
                        plan=plan,
                        progress=review_form.cleaned_data["progress"],
                        reset_goals=review_form.cleaned_data["reset_goals"],
                        event=review_form.chosen_event(),
                    )
                except ApplicationError as exc:
                    _reraise_access(exc)
                    add_service_error(review_form, exc)
                else:
                    messages.success(
                        request, "The review is recorded. You can see it in the plan's history."
                    )
                    return redirect("challenges:plan-detail", public_id=plan.public_id)
        else:
            raise ApplicationError("invalid", "Choose what to do on this page.", status=400)
    today = timezone.localdate()
    rows = [_action_row(a, today) for a in plan.actions.all()]
    return render(
        request,
        "challenges/plans/plan_detail.html",
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
    plan = plans.plan_get(actor=request.user, public_id=public_id)
    action = next((a for a in plan.actions.all() if a.pk == action_id), None)
    if action is None:
        raise NotFound("We could not find that action.")
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
            plans.action_update(
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
            return redirect("challenges:plan-detail", public_id=plan.public_id)
    return render(
        request,
        "challenges/plans/action_update.html",
        {
            "plan": plan,
            "action": action,
            "organisation": plan.organisation,
            "overdue": plans.is_overdue(action),
            "form": form,
            "title": "Update an action",
        },
        status=_status(form),
    )


@login_required
@require_POST
def plan_from_round(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    try:
        plan = plans.plan_from_priorities(actor=request.user, round_=round_)
    except ApplicationError as exc:
        _reraise_access(exc)
        messages.error(request, exc.message)
        return redirect("challenges:round-priorities", public_id=round_.public_id)
    messages.success(
        request,
        "Your action plan has started, with one action for each priority. Say what will be done, "
        "who will do it and by when.",
    )
    return redirect("challenges:plan-detail", public_id=plan.public_id)


# --- Review agenda for a learning-set day --------------------------------------------------------------


@login_required
def review_agenda(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    event = event_selectors.event_get(actor=request.user, public_id=public_id)
    agenda = plans.review_agenda(actor=request.user, event=event)
    if event.learning_set_id is None:
        raise NotFound("There is a review agenda only for learning-set days.")
    day = timezone.localtime(event.starts_at, event.network.tz).date()
    today = timezone.localdate()
    return render(
        request,
        "challenges/plans/review_agenda.html",
        {
            "event": event,
            "day": day,
            "agenda": [
                {"organisation": org, "rows": [_action_row(a, today) for a in actions]}
                for org, actions in agenda
            ],
            "title": f"Review agenda: {event.title}",
        },
    )
