"""Pages for an engagement's structure: adding, changing and removing phases, milestones and a
buddying pair's shared goals, and keeping the client's quote. One page shape for each (a form with
its error summary), each calling one service; removing asks first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error

from .. import selectors, services
from ..forms_edit import ConfirmForm, GoalForm, MilestoneForm, PhaseForm, QuoteForm, ReachedForm
from .common import reraise_access, status_code


def team_found(request: AuthenticatedRequest, public_id: UUID) -> selectors.Found:
    """The engagement, for the network team only (everyone else: not found)."""
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    if found.view != selectors.View.TEAM:
        raise NotFound("We could not find that engagement.")
    return found


@dataclass(frozen=True)
class Kind:
    noun: str  # "phase"
    items: Callable[[Any], Any]  # engagement -> its rows (prefetched)
    form: Callable[..., forms.Form]  # (engagement, data, initial) -> form
    initial: Callable[[Any], dict[str, Any]]
    add: Callable[[Any, Any, forms.Form], Any]  # (actor, engagement, form)
    edit: Callable[[Any, Any, int, forms.Form], Any]
    remove: Callable[[Any, Any, int], Any]


def _phase_kw(form: forms.Form) -> dict[str, Any]:
    d = form.cleaned_data
    return {"title": d["title"], "starts_on": d["starts_on"], "ends_on": d["ends_on"]}


def _milestone_kw(form: forms.Form) -> dict[str, Any]:
    d = form.cleaned_data
    assert isinstance(form, MilestoneForm)
    return {
        "title": d["title"],
        "due_on": d["due_on"],
        "fee_net": d["fee_net"],
        "phase": form.chosen_phase(),
    }


KINDS: dict[str, Kind] = {
    "phases": Kind(
        noun="phase",
        items=lambda e: e.phases.all(),
        form=lambda e, data, initial: PhaseForm(data, initial=initial),
        initial=lambda p: {"title": p.title, "starts_on": p.starts_on, "ends_on": p.ends_on},
        add=lambda a, e, f: services.phase_add(actor=a, engagement=e, **_phase_kw(f)),
        edit=lambda a, e, pk, f: services.phase_edit(
            actor=a, engagement=e, phase_id=pk, **_phase_kw(f)
        ),
        remove=lambda a, e, pk: services.phase_remove(actor=a, engagement=e, phase_id=pk),
    ),
    "milestones": Kind(
        noun="milestone",
        items=lambda e: e.milestones.all(),
        form=lambda e, data, initial: MilestoneForm(
            data, initial=initial, phases=list(e.phases.all())
        ),
        initial=lambda m: {
            "title": m.title,
            "due_on": m.due_on,
            "fee_net": m.fee_net,
            "phase": m.phase_id or "",
        },
        add=lambda a, e, f: services.milestone_add(actor=a, engagement=e, **_milestone_kw(f)),
        edit=lambda a, e, pk, f: services.milestone_edit(
            actor=a, engagement=e, milestone_id=pk, **_milestone_kw(f)
        ),
        remove=lambda a, e, pk: services.milestone_remove(actor=a, engagement=e, milestone_id=pk),
    ),
    "goals": Kind(
        noun="shared goal",
        items=lambda e: e.shared_goals.all(),
        form=lambda e, data, initial: GoalForm(data, initial=initial),
        initial=lambda g: {"text": g.text},
        add=lambda a, e, f: services.shared_goal_add(
            actor=a, engagement=e, text=f.cleaned_data["text"]
        ),
        edit=lambda a, e, pk, f: services.shared_goal_edit(
            actor=a, engagement=e, goal_id=pk, text=f.cleaned_data["text"]
        ),
        remove=lambda a, e, pk: services.shared_goal_remove(actor=a, engagement=e, goal_id=pk),
    ),
}


def _kind(kind: str) -> Kind:
    if kind not in KINDS:
        raise Http404
    return KINDS[kind]


def _item(kind: Kind, engagement: Any, item_id: int) -> Any:
    for item in kind.items(engagement):
        if item.pk == item_id:
            return item
    raise NotFound(f"We could not find that {kind.noun}.")


def _back(public_id: UUID) -> HttpResponse:
    return redirect("engagements:detail", public_id=public_id)


@login_required
@require_http_methods(["GET", "POST"])
def item_form(
    request: AuthenticatedRequest, public_id: UUID, kind: str, item_id: int | None = None
) -> HttpResponse:
    """Add (no `item_id`) or change a phase, milestone or shared goal."""
    spec = _kind(kind)
    found = team_found(request, public_id)
    engagement = found.engagement
    item = _item(spec, engagement, item_id) if item_id is not None else None
    data = request.POST if request.method == "POST" else None
    form = spec.form(engagement, data, spec.initial(item) if item is not None else None)
    return _item_page(request, public_id, kind, spec, found, item, form)


def _item_page(
    request: AuthenticatedRequest,
    public_id: UUID,
    kind: str,
    spec: Kind,
    found: selectors.Found,
    item: Any,
    form: forms.Form,
    reached_form: forms.Form | None = None,
) -> HttpResponse:
    engagement = found.engagement
    if reached_form is None and form.is_bound and form.is_valid():
        try:
            if item is None:
                spec.add(request.user, engagement, form)
            else:
                spec.edit(request.user, engagement, item.pk, form)
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"The {spec.noun} is {'added' if item is None else 'changed'}."
            )
            return _back(public_id)
    verb = "Add a" if item is None else "Change the"
    return render(
        request,
        "engagements/item_form.html",
        {
            "engagement": engagement,
            "form": form,
            "item": item,
            "kind": kind,
            "noun": spec.noun,
            "reached_form": reached_form or ReachedForm(),
            "failed_form": reached_form if reached_form is not None else form,
            "title": f"{verb} {spec.noun}",
        },
        status=status_code(form, reached_form),
    )


@login_required
@require_POST
def milestone_reach(request: AuthenticatedRequest, public_id: UUID, item_id: int) -> HttpResponse:
    """Mark a milestone reached (per-milestone engagements invoice its fee then, once)."""
    spec = KINDS["milestones"]
    found = team_found(request, public_id)
    item = _item(spec, found.engagement, item_id)
    reached = ReachedForm(request.POST)
    if reached.is_valid():
        try:
            services.milestone_reach(
                actor=request.user,
                engagement=found.engagement,
                milestone_id=item.pk,
                reached_on=reached.cleaned_data["reached_on"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(reached, exc)
        else:
            messages.success(request, "The milestone is marked reached.")
            return _back(public_id)
    form = spec.form(found.engagement, None, spec.initial(item))
    return _item_page(request, public_id, "milestones", spec, found, item, form, reached)


@login_required
@require_http_methods(["GET", "POST"])
def item_remove(
    request: AuthenticatedRequest, public_id: UUID, kind: str, item_id: int
) -> HttpResponse:
    spec = _kind(kind)
    found = team_found(request, public_id)
    item = _item(spec, found.engagement, item_id)
    form = ConfirmForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            spec.remove(request.user, found.engagement, item.pk)
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, f"The {spec.noun} is removed.")
            return _back(public_id)
    return render(
        request,
        "engagements/item_remove.html",
        {
            "engagement": found.engagement,
            "form": form,
            "item": item,
            "noun": spec.noun,
            "label": str(getattr(item, "title", None) or getattr(item, "text", "")),
            "title": f"Remove the {spec.noun}",
        },
        status=status_code(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def quote_form(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    found = team_found(request, public_id)
    engagement = found.engagement
    initial = {"quote": engagement.client_quote, "consent": engagement.quote_consent}
    form = QuoteForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.quote_set(
                actor=request.user,
                engagement=engagement,
                quote=form.cleaned_data["quote"],
                consent=form.cleaned_data["consent"],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            kept = bool(form.cleaned_data["quote"].strip())
            messages.success(request, "The quote is kept." if kept else "The quote is removed.")
            return _back(public_id)
    return render(
        request,
        "engagements/quote_form.html",
        {"engagement": engagement, "form": form, "title": "The client's words"},
        status=status_code(form),
    )
