"""Action plans: actions with owners and due dates, dated progress notes, and reviews at the next
learning day. Co-produced, co-delivered and co-reviewed; never a management audit."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.db.models import Prefetch, QuerySet
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.core import audit, dates, outbox
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network import access as network_access
from recoverynet.network.models import Organisation

from . import access
from .models import (
    OPEN_ACTION_STATUSES,
    Action,
    ActionNote,
    ActionPlan,
    ActionStatus,
    AssessmentRound,
    Challenge,
    Level,
    PlanReview,
    RoundStatus,
)

User = get_user_model()
REMIND_EVERY = datetime.timedelta(days=7)


def _require_editor(actor: Any, organisation: Organisation) -> None:
    """The organisation's recovery lead, staff and peer workers, and the network's coordinators and
    consultants who support them, work on plans."""
    if not access.can_edit_plans(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's people and the network's coordinators can change its action plans."
        )


def _require_reader(actor: Any, organisation: Organisation) -> None:
    if not access.can_view_organisation(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's people and the network team can see its action plans."
        )


# --- Reads ---------------------------------------------------------------------------------------------


def plans_for_organisation(*, actor: Any, organisation: Organisation) -> QuerySet[ActionPlan]:
    _require_reader(actor, organisation)
    return (
        ActionPlan.objects.filter(organisation=organisation)
        .select_related("round", "event")
        .prefetch_related("actions")
        .order_by("-created_at")
    )


def plan_get(*, actor: Any, public_id: Any) -> ActionPlan:  # readers: see _require_reader
    plan = (
        ActionPlan.objects.select_related("organisation", "round__framework", "event")
        .prefetch_related(
            Prefetch(
                "actions",
                queryset=Action.objects.select_related(
                    "challenge", "level", "owner"
                ).prefetch_related(
                    Prefetch("notes", queryset=ActionNote.objects.select_related("author"))
                ),
            ),
            Prefetch("reviews", queryset=PlanReview.objects.select_related("reviewed_by", "event")),
        )
        .filter(public_id=public_id)
        .first()
    )
    if plan is None or not access.can_view_organisation(actor, plan.organisation):
        raise NotFound("We could not find that action plan.")
    return plan


@dataclass(frozen=True)
class PlanSummary:
    plan: ActionPlan
    counts: dict[str, int]  # status → number of actions
    overdue: int


def plan_summaries(*, actor: Any, organisation: Organisation) -> list[PlanSummary]:
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


def review_agenda(*, actor: Any, event: Any) -> list[tuple[Organisation, list[Action]]]:
    """For a learning-set day: each attending organisation's open actions due by the day."""
    from recoverynet.events import access as events_access
    from recoverynet.events.selectors import event_attending_organisations

    if not events_access.is_organiser(actor, event):
        raise PermissionDenied("Only the event's organisers can see the review agenda.")
    day = timezone.localtime(event.starts_at, event.network.tz).date()
    organisations = list(event_attending_organisations(event))
    actions = (
        Action.objects.filter(
            plan__organisation__in=organisations, status__in=OPEN_ACTION_STATUSES, due__lte=day
        )
        .select_related("plan__organisation", "challenge", "level", "owner")
        .order_by("plan__organisation__name", "due")
    )
    by_org: dict[int, list[Action]] = {}
    for action in actions:
        by_org.setdefault(action.plan.organisation_id, []).append(action)
    return [(org, by_org.get(org.pk, [])) for org in organisations]


# --- Writes -------------------------------------------------------------------------------------------


@transaction.atomic
def plan_create(
    *,
    actor: Any,
    organisation: Organisation,
    title: str,
    round_: AssessmentRound | None = None,
    event: Any = None,
) -> ActionPlan:
    _require_editor(actor, organisation)
    title = clean_text(title, field="title", max_length=200, single_line=True)
    if not title:
        raise ApplicationError("invalid", "Give the plan a title.", field="title", status=422)
    if round_ is not None and round_.organisation_id != organisation.pk:
        raise ApplicationError(
            "invalid", "That round belongs to another organisation.", field="round", status=422
        )
    if (
        round_ is not None
        and not AssessmentRound.objects.filter(pk=round_.pk, status=RoundStatus.CLOSED).exists()
    ):
        raise ApplicationError(
            "not_closed", "Close the round before planning from it.", field="round", status=409
        )
    plan = ActionPlan.objects.create(
        organisation=organisation, title=title, round=round_, event=event, created_by=actor
    )
    audit.record(
        actor=actor, action="challenges.plan.created", obj=plan, changes={"title": plan.title}
    )
    return plan


@transaction.atomic
def plan_from_priorities(*, actor: Any, round_: AssessmentRound) -> ActionPlan:
    """Start a plan from a closed round: one action to shape for each of the top three priorities."""
    round_ = AssessmentRound.objects.select_related("organisation").get(pk=round_.pk)
    _require_editor(actor, round_.organisation)
    if round_.status != RoundStatus.CLOSED or not round_.priorities.exists():
        raise ApplicationError("no_priorities", "Choose the round's priorities first.", status=409)
    plan = plan_create(
        actor=actor,
        organisation=round_.organisation,
        title=f"Action plan: {round_.title}",
        round_=round_,
    )
    for priority in round_.priorities.select_related("challenge", "level"):
        Action.objects.create(
            plan=plan,
            what=f"Agree actions for: {priority.challenge.title} ({priority.level.label.lower()} level)",
            challenge=priority.challenge,
            level=priority.level,
        )
    return plan


@dataclass(frozen=True)
class ActionInput:
    what: str
    challenge_id: int | None = None
    level_key: str = ""
    owner_email: str = ""
    owner_role: str = ""
    due: datetime.date | None = None


def _resolve(plan: ActionPlan, data: ActionInput) -> dict[str, Any]:
    what = clean_text(data.what, field="what", max_length=500)
    if not what:
        raise ApplicationError("invalid", "Say what will be done.", field="what", status=422)
    dates.check_planned(data.due, field="due", label="The due date")
    values: dict[str, Any] = {
        "what": what,
        "owner_role": clean_text(
            data.owner_role, field="owner_role", max_length=150, single_line=True
        ),
        "due": data.due,
    }
    framework_id = plan.round.framework_id if plan.round is not None else None
    challenge = None
    if data.challenge_id is not None:
        qs = Challenge.objects.filter(pk=data.challenge_id)
        # A plan from a round uses that round's framework; otherwise any current framework.
        qs = (
            qs.filter(framework_id=framework_id)
            if framework_id
            else qs.filter(framework__is_current=True)
        )
        challenge = qs.first()
        if challenge is None:
            raise ApplicationError(
                "invalid",
                "Choose a challenge from the plan's framework.",
                field="challenge",
                status=422,
            )
    level = None
    if data.level_key:
        level_framework = challenge.framework_id if challenge else framework_id
        level = (
            Level.objects.filter(framework_id=level_framework, key=data.level_key).first()
            if level_framework
            else None
        )
        if level is None:
            raise ApplicationError(
                "invalid",
                "Choose a challenge first, then one of its framework's levels.",
                field="level",
                status=422,
            )
    owner = None
    if data.owner_email:
        owner = User.objects.filter(email__iexact=data.owner_email.strip(), is_active=True).first()
        if owner is None or plan.organisation_id not in network_access.roles(owner).orgs:
            raise ApplicationError(
                "invalid",
                "The owner must be someone in the organisation with an account; or give a role instead.",
                field="owner_email",
                status=422,
            )
    if owner is None and not values["owner_role"]:
        raise ApplicationError(
            "invalid",
            "Say who owns the action: a person or a role.",
            field="owner_role",
            status=422,
        )
    values.update(challenge=challenge, level=level, owner=owner)
    return values


@transaction.atomic
def action_add(*, actor: Any, plan: ActionPlan, data: ActionInput) -> Action:
    _require_editor(actor, plan.organisation)
    action = Action.objects.create(plan=plan, **_resolve(plan, data))
    audit.record(
        actor=actor, action="challenges.action.added", obj=plan, changes={"action": action.what}
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: Any,
    action: Action,
    status: str,
    note: str = "",
    dropped_reason: str = "",
    due: datetime.date | None = None,
) -> Action:
    """Move an action on and say how it is going. A dropped action needs its reason."""
    _require_editor(actor, action.plan.organisation)
    if status not in ActionStatus.values:
        raise ApplicationError("invalid", "Choose a status.", field="status", status=422)
    if status == ActionStatus.DROPPED and not dropped_reason.strip():
        raise ApplicationError(
            "invalid", "Say why the action is dropped.", field="dropped_reason", status=422
        )
    dropped_reason = clean_text(dropped_reason, field="dropped_reason", max_length=500)
    note = clean_text(note, field="note", max_length=2000)
    action = Action.objects.select_for_update().get(pk=action.pk)
    old, old_due = action.status, action.due
    if due != old_due:  # a date kept as it was is not judged again
        dates.check_planned(due, field="due", label="The due date")
    action.status = status
    action.dropped_reason = dropped_reason if status == ActionStatus.DROPPED else ""
    if due is not None:
        action.due = due
    action.save()
    moved = due is not None and due != old_due
    if note or old != status or moved:
        default = f"Due date moved to {due:%d %B %Y}." if moved and due else "Status changed."
        ActionNote.objects.create(
            action=action,
            author=actor,
            text=note or default,
            status_change=f"{old} → {status}" if old != status else "",
        )
    changes: dict[str, Any] = {"action": action.what}
    if old != status:
        changes["status"] = [old, status]
    if moved:
        changes["due"] = [
            old_due.isoformat() if old_due else None,
            due.isoformat() if due else None,
        ]
    audit.record(actor=actor, action="challenges.action.updated", obj=action.plan, changes=changes)
    return action


@transaction.atomic
def plan_review(
    *, actor: Any, plan: ActionPlan, progress: str, reset_goals: str = "", event: Any = None
) -> PlanReview:
    _require_editor(actor, plan.organisation)
    progress = clean_text(progress, field="progress", max_length=4000)
    reset_goals = clean_text(reset_goals, field="reset_goals", max_length=4000)
    if not progress:
        raise ApplicationError(
            "invalid", "Say what progress has been made.", field="progress", status=422
        )
    review = PlanReview.objects.create(
        plan=plan,
        event=event,
        reviewed_by=actor,
        progress=progress,
        reset_goals=reset_goals,
    )
    audit.record(actor=actor, action="challenges.plan.reviewed", obj=plan)
    return review


def overdue_reminders() -> int:
    """Scheduled: remind owners of overdue actions, at most once a week per action."""
    now = timezone.now()
    today = timezone.localdate()
    due = Action.objects.filter(
        status__in=OPEN_ACTION_STATUSES, due__lt=today, owner__isnull=False, owner__is_active=True
    ).select_related("owner", "plan__organisation")
    sent = 0
    for action in due:
        if action.owner is None or (action.reminded_at and now - action.reminded_at < REMIND_EVERY):
            continue
        with transaction.atomic():
            link = settings.SITE_URL + reverse(
                "challenges:plan-detail", args=[action.plan.public_id]
            )
            outbox.enqueue(
                to=[action.owner.email],
                subject=f"An action is past its date: {action.what[:80]}",
                body_text=render_to_string(
                    "challenges/email/overdue.txt", {"action": action, "link": link}
                ),
            )
            Action.objects.filter(pk=action.pk).update(reminded_at=now)
        sent += 1
    return sent


@transaction.atomic
def plan_rename(*, actor: Any, plan: ActionPlan, title: str) -> ActionPlan:
    _require_editor(actor, plan.organisation)
    title = clean_text(title, field="title", max_length=200, single_line=True)
    if not title:
        raise ApplicationError("invalid", "Give the plan a title.", field="title", status=422)
    old = plan.title
    plan.title = title
    plan.save(update_fields=["title", "updated_at"])
    audit.record(
        actor=actor,
        action="challenges.plan.renamed",
        obj=plan,
        changes={"title": [old, plan.title]},
    )
    return plan


@transaction.atomic
def action_delete(*, actor: Any, action: Action) -> None:
    """Remove an action added by mistake. Once work has started or notes exist, the history matters:
    drop it with a reason instead."""
    _require_editor(actor, action.plan.organisation)
    action = Action.objects.select_for_update().get(pk=action.pk)
    if action.status != ActionStatus.NOT_STARTED or action.notes.exists():
        raise ApplicationError(
            "has_history",
            "This action has a history, so it cannot be deleted. Mark it as dropped and say why.",
            status=409,
        )
    audit.record(
        actor=actor,
        action="challenges.action.deleted",
        obj=action.plan,
        changes={"action": action.what},
    )
    action.delete()
