"""Action plans: actions with owners and due dates, dated progress notes, and reviews at the next
learning day. Co-produced, co-delivered and co-reviewed; never a management audit.

Every write is here. Apps that start plans (self-assessment today) call `plan_create` with a `Source`
and the first actions as `DraftAction`s; they never touch the models."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, dates, domain_events, outbox
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network import access as network_access
from recoverynet.network.models import Organisation

from . import access, occasions, selectors
from .domain_events import ACTION_OVERDUE
from .models import Action, ActionNote, ActionPlan, ActionStatus, PlanReview
from .occasions import OccasionRef
from .topics import Source

User = get_user_model()
REMIND_EVERY = datetime.timedelta(days=7)


def _require_editor(actor: Actor, organisation: Organisation) -> None:
    """The organisation's recovery lead, staff and peer workers, and the network's coordinators and
    consultants who support them, work on plans."""
    if not access.can_edit_plans(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's people and the network's coordinators can change its action plans."
        )


def _check_occasion(actor: Actor, organisation: Organisation, ref: OccasionRef | None) -> None:
    """Only an occasion the organisation may name (its app's candidates for it)."""
    if ref is None:
        return
    if not any(o.ref == ref for o in occasions.candidates_for(actor, organisation)):
        raise ApplicationError(
            "invalid",
            "Choose the occasion from the list of those the organisation took part in.",
            field="occasion",
            status=422,
        )


@dataclass(frozen=True)
class DraftAction:
    """A first action a source app puts in a new plan, for the group to shape (no owner yet)."""

    what: str
    topic: str = ""
    topic_label: str = ""


@transaction.atomic
def plan_create(
    *,
    actor: Actor,
    organisation: Organisation,
    title: str,
    source: Source | None = None,
    occasion: OccasionRef | None = None,
    actions: list[DraftAction] | None = None,
) -> ActionPlan:
    """Start a plan, from a source app's `Source` or by hand, made at an `occasion` (one the
    organisation may name: `plans.occasions`) or at none."""
    _require_editor(actor, organisation)
    _check_occasion(actor, organisation, occasion)
    title = clean_text(title, field="title", max_length=200, single_line=True)
    if not title:
        raise ApplicationError("invalid", "Give the plan a title.", field="title", status=422)
    plan = ActionPlan.objects.create(
        organisation=organisation,
        title=title,
        source_kind=source.kind if source else "",
        source_id=source.id if source else "",
        source_label=source.label[:300] if source else "",
        source_url=source.url if source else "",
        occasion_kind=occasion.kind if occasion else "",
        occasion_id=occasion.id if occasion else None,
        created_by=person(actor),
    )
    for draft in actions or []:
        Action.objects.create(
            plan=plan,
            what=clean_text(draft.what, field="what", max_length=500),
            topic=draft.topic,
            topic_label=draft.topic_label[:400],
        )
    changes: dict[str, Any] = {"title": plan.title}
    if occasion:
        changes["occasion"] = occasion.key
    audit.record(actor=actor, action="plans.plan.created", obj=plan, changes=changes)
    return plan


@dataclass(frozen=True)
class ActionInput:
    what: str
    topic: str = ""
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
        "topic": "",
        "topic_label": "",
    }
    if data.topic:
        topic = next((t for t in selectors.topics_for_plan(plan) if t.ref == data.topic), None)
        if topic is None:
            raise ApplicationError(
                "invalid",
                "Choose what the action works on from the list for this plan.",
                field="topic",
                status=422,
            )
        values.update(topic=topic.ref, topic_label=topic.label[:400])
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
    values["owner"] = owner
    return values


@transaction.atomic
def action_add(*, actor: Actor, plan: ActionPlan, data: ActionInput) -> Action:
    _require_editor(actor, plan.organisation)
    action = Action.objects.create(plan=plan, **_resolve(plan, data))
    audit.record(
        actor=actor, action="plans.action.added", obj=plan, changes={"action": action.what}
    )
    return action


@transaction.atomic
def action_update(
    *,
    actor: Actor,
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
            author=person(actor),
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
    audit.record(actor=actor, action="plans.action.updated", obj=action.plan, changes=changes)
    return action


@transaction.atomic
def plan_review(
    *,
    actor: Actor,
    plan: ActionPlan,
    progress: str,
    reset_goals: str = "",
    occasion: OccasionRef | None = None,
) -> PlanReview:
    _require_editor(actor, plan.organisation)
    _check_occasion(actor, plan.organisation, occasion)
    progress = clean_text(progress, field="progress", max_length=4000)
    reset_goals = clean_text(reset_goals, field="reset_goals", max_length=4000)
    if not progress:
        raise ApplicationError(
            "invalid", "Say what progress has been made.", field="progress", status=422
        )
    review = PlanReview.objects.create(
        plan=plan,
        occasion_kind=occasion.kind if occasion else "",
        occasion_id=occasion.id if occasion else None,
        reviewed_by=person(actor),
        progress=progress,
        reset_goals=reset_goals,
    )
    audit.record(
        actor=actor,
        action="plans.plan.reviewed",
        obj=plan,
        changes={"occasion": occasion.key} if occasion else None,
    )
    return review


def overdue_reminders() -> int:
    """Scheduled: remind owners of overdue actions, at most once a week per action, and announce
    `action.overdue` each time (in every network the organisation belongs to)."""
    now = timezone.now()
    sent = 0
    for action in selectors.actions_to_remind(today=timezone.localdate()):
        if action.owner is None or (action.reminded_at and now - action.reminded_at < REMIND_EVERY):
            continue
        _remind(action, now)
        sent += 1
    return sent


@transaction.atomic
def _remind(action: Action, now: datetime.datetime) -> None:
    assert action.owner is not None
    assert action.due is not None
    plan = action.plan
    link = settings.SITE_URL + reverse("plans:plan-detail", args=[plan.public_id])
    outbox.enqueue(
        to=[action.owner.email],
        subject=f"An action is past its date: {action.what[:80]}",
        body_text=render_to_string("plans/overdue.txt", {"action": action, "link": link}),
    )
    Action.objects.filter(pk=action.pk).update(reminded_at=now)
    audit.record(
        actor=None,
        action="plans.action.reminded",
        obj=plan,
        changes={"action": action.pk, "due": action.due.isoformat()},
    )
    for slug in selectors.organisation_network_slugs(plan.organisation):
        domain_events.emit(
            ACTION_OVERDUE.name,
            network_slug=slug,
            data={
                "action_id": action.pk,
                "plan_id": str(plan.public_id),
                "organisation_id": plan.organisation_id,
                "due_on": action.due.isoformat(),
                "url": link,
            },
        )


@transaction.atomic
def plan_rename(*, actor: Actor, plan: ActionPlan, title: str) -> ActionPlan:
    _require_editor(actor, plan.organisation)
    title = clean_text(title, field="title", max_length=200, single_line=True)
    if not title:
        raise ApplicationError("invalid", "Give the plan a title.", field="title", status=422)
    old = plan.title
    plan.title = title
    plan.save(update_fields=["title", "updated_at"])
    audit.record(
        actor=actor, action="plans.plan.renamed", obj=plan, changes={"title": [old, plan.title]}
    )
    return plan


@transaction.atomic
def action_delete(*, actor: Actor, action: Action) -> None:
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
        actor=actor, action="plans.action.deleted", obj=action.plan, changes={"action": action.what}
    )
    action.delete()
