"""Reads for action plans: access checked, related rows fetched in the same few queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network.models import Network, Organisation

from . import access, occasions, topics
from .models import OPEN_ACTION_STATUSES, Action, ActionNote, ActionPlan, ActionStatus, PlanReview


def _require_reader(actor: Actor, organisation: Organisation) -> None:
    if not access.can_view_plans(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's people and the network team can see its action plans."
        )


def plans_for_organisation(*, actor: Actor, organisation: Organisation) -> list[ActionPlan]:
    """The organisation's plans, newest first, with their actions and occasions."""
    _require_reader(actor, organisation)
    found = list(
        ActionPlan.objects.filter(organisation=organisation)
        .prefetch_related("actions")
        .order_by("-created_at")
    )
    _attach_occasions(found, reviews=False, actor=actor)
    return found


def plans_from_source(*, actor: Actor, kind: str, source_id: str) -> list[ActionPlan]:
    """The plans started from one source (e.g. a round), that the actor may see, oldest first."""
    found = (
        ActionPlan.objects.filter(source_kind=kind, source_id=source_id)
        .select_related("organisation")
        .order_by("created_at")
    )
    return [plan for plan in found if access.can_view_plans(actor, plan.organisation)]


def _with_details() -> QuerySet[ActionPlan]:
    """Plans with their actions (owners, notes and their authors) and reviews, in a few queries.
    Each prefetch is ordered by its own columns: the models' orderings ("plan", "action") sort by
    the parent's ordering, joining plans and organisations to every note (a scan at scale)."""
    return ActionPlan.objects.select_related("organisation").prefetch_related(
        Prefetch(
            "actions",
            queryset=Action.objects.select_related("owner")
            .prefetch_related(
                Prefetch(
                    "notes",
                    queryset=ActionNote.objects.select_related("author").order_by(
                        "action_id", "created_at", "id"
                    ),
                )
            )
            .order_by("plan_id", "due", "id"),
        ),
        Prefetch(
            "reviews",
            queryset=PlanReview.objects.select_related("reviewed_by").order_by(
                "plan_id", "-created_at"
            ),
        ),
    )


def plan_details_for_organisation(*, actor: Actor, organisation: Organisation) -> list[ActionPlan]:
    """Every plan of the organisation with everything `plan_get` fetches (the API's list): the
    number of queries does not grow with the plans."""
    _require_reader(actor, organisation)
    found = list(_with_details().filter(organisation=organisation).order_by("-created_at"))
    _attach_occasions(found, reviews=True, actor=actor)
    return found


def plan_get(*, actor: Actor, public_id: Any) -> ActionPlan:
    plan = _with_details().filter(public_id=public_id).first()
    if plan is None or not access.can_view_plans(actor, plan.organisation):
        raise NotFound("We could not find that action plan.")
    _attach_occasions([plan], reviews=True, actor=actor)
    return plan


def action_in_plan(plan: ActionPlan, action_id: int) -> Action:
    """One action of a plan fetched with `plan_get` (no further query)."""
    action = next((a for a in plan.actions.all() if a.pk == action_id), None)
    if action is None:
        raise NotFound("We could not find that action.")
    return action


def topics_for_plan(plan: ActionPlan) -> list[topics.Topic]:
    """What the plan's actions may be linked to, as the app the plan came from names it."""
    return topics.topics_for(plan.source_kind, plan.source_id)


@dataclass(frozen=True)
class PlanSummary:
    plan: ActionPlan
    counts: dict[str, int]  # status → number of actions
    overdue: int


def plan_summaries(*, actor: Actor, organisation: Organisation) -> list[PlanSummary]:
    """Each plan with its actions counted by status, for the progress page."""
    today = timezone.localdate()
    summaries = []
    for plan in plans_for_organisation(actor=actor, organisation=organisation):
        counts = {status: 0 for status in ActionStatus.values}
        overdue = 0
        for action in plan.actions.all():
            counts[action.status] += 1
            overdue += is_overdue(action, today)
        summaries.append(PlanSummary(plan=plan, counts=counts, overdue=overdue))
    return summaries


def is_overdue(action: Action, today: datetime.date | None = None) -> bool:
    today = today or timezone.localdate()
    return action.status in OPEN_ACTION_STATUSES and action.due is not None and action.due < today


def actions_due_for_review(
    *, actor: Actor, organisations: list[Organisation], by: datetime.date
) -> list[tuple[Organisation, list[Action] | None]]:
    """For an occasion's review agenda (built by the app that owns the occasion, which checks that
    the actor organises it): each organisation's open actions due by the day, or None for an
    organisation whose plans the actor may not see."""
    shown = [org for org in organisations if access.can_view_plans(actor, org)]
    actions = (
        Action.objects.filter(
            plan__organisation__in=shown, status__in=OPEN_ACTION_STATUSES, due__lte=by
        )
        .select_related("plan__organisation", "owner")
        .order_by("plan__organisation__name", "due", "id")
    )
    by_org: dict[int, list[Action]] = {}
    for action in actions:
        by_org.setdefault(action.plan.organisation_id, []).append(action)
    visible = {org.pk for org in shown}
    return [(org, by_org.get(org.pk, []) if org.pk in visible else None) for org in organisations]


def occasion_choices(*, actor: Actor, organisation: Organisation) -> list[occasions.Occasion]:
    """The occasions (e.g. learning-set days with confirmed places) the organisation may name for a
    plan or a review, from every app that registers a kind. Empty for people who may not see them."""
    _require_reader(actor, organisation)
    return occasions.candidates_for(actor, organisation)


def _attach_occasions(plans: list[ActionPlan], *, reviews: bool, actor: Actor) -> None:
    """Fill `plan.occasion` (and each review's) with one lookup per kind."""
    refs = [plan.occasion_ref for plan in plans]
    if reviews:
        refs += [review.occasion_ref for plan in plans for review in plan.reviews.all()]
    found = occasions.resolve(refs, actor=actor)
    topics.hide_unopenable_sources(actor, plans)
    for plan in plans:
        plan.occasion = found.get(plan.occasion_ref) if plan.occasion_ref else None
        if reviews:
            for review in plan.reviews.all():
                ref = review.occasion_ref
                review.occasion = found.get(ref) if ref else None


def actions_to_remind(*, today: datetime.date) -> QuerySet[Action]:
    """Open actions past their date whose owner can still be told (the overdue job)."""
    return Action.objects.filter(
        status__in=OPEN_ACTION_STATUSES, due__lt=today, owner__isnull=False, owner__is_active=True
    ).select_related("owner", "plan__organisation")


def organisation_network_slugs(organisation: Organisation) -> list[str]:
    """The networks an organisation belongs to now (domain events are announced in each)."""
    from recoverynet.network import access as network_access

    ids = network_access.organisation_network_ids(organisation)
    return list(Network.objects.filter(pk__in=ids).order_by("slug").values_list("slug", flat=True))


@dataclass(frozen=True)
class OccasionUses:
    plans: int  # plans made at the occasion
    reviews: int  # reviews held at it

    @property
    def any(self) -> bool:
        return bool(self.plans or self.reviews)


def occasion_uses(ref: occasions.OccasionRef) -> OccasionUses:
    """How many plans and reviews name this occasion: counts only, nothing of their organisation
    or text. For the app that owns the occasion (before it cancels one), which checks access."""
    return OccasionUses(
        plans=ActionPlan.objects.filter(occasion_kind=ref.kind, occasion_id=ref.id).count(),
        reviews=PlanReview.objects.filter(occasion_kind=ref.kind, occasion_id=ref.id).count(),
    )
