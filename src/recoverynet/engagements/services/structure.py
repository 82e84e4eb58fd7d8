"""Changing and removing a programme's phases and milestones and a buddying pair's shared goals
(adding them is in `programme`; both use the checks here). A milestone already invoiced keeps its
fee, and cannot be removed: the invoice stands."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_name, clean_text

from ..models import Engagement, Milestone, Phase, SharedGoal
from .common import in_engagement, money, require_manager


def phase_values(
    engagement: Engagement, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> dict[str, Any]:
    title = clean_name(title, field="title", max_length=200)
    in_engagement(engagement, starts_on, field="starts_on", label="the phase's start")
    in_engagement(engagement, ends_on, field="ends_on", label="the phase's end")
    if ends_on < starts_on:
        raise ApplicationError(
            "invalid",
            "The end date must be on or after the start date.",
            field="ends_on",
            status=422,
        )
    return {"title": title, "starts_on": starts_on, "ends_on": ends_on}


def milestone_values(
    engagement: Engagement,
    title: str,
    due_on: datetime.date,
    fee_net: Decimal | None,
    phase: Phase | None,
) -> dict[str, Any]:
    title = clean_name(title, field="title", max_length=200)
    in_engagement(engagement, due_on, field="due_on", label="the due date")
    if phase is not None and phase.engagement_id != engagement.pk:
        raise ApplicationError(
            "invalid", "Choose a phase of this engagement.", field="phase", status=422
        )
    return {
        "title": title,
        "due_on": due_on,
        "phase": phase,
        "fee_net": money(fee_net, field="fee_net", label="The milestone's fee"),
    }


def goal_text(engagement: Engagement, text: str) -> str:
    if not engagement.is_buddying:
        raise ApplicationError(
            "invalid", "Shared goals belong to buddying pairs.", field="text", status=409
        )
    return clean_text(text, field="text", max_length=500, required=True)


def _phase(engagement: Engagement, phase_id: int) -> Phase:
    phase = Phase.objects.select_for_update().filter(pk=phase_id, engagement=engagement).first()
    if phase is None:
        raise ApplicationError("not_found", "We could not find that phase.", status=404)
    return phase


def _milestone(engagement: Engagement, milestone_id: int) -> Milestone:
    milestone = (
        Milestone.objects.select_for_update().filter(pk=milestone_id, engagement=engagement).first()
    )
    if milestone is None:
        raise ApplicationError("not_found", "We could not find that milestone.", status=404)
    return milestone


def _goal(engagement: Engagement, goal_id: int) -> SharedGoal:
    goal = SharedGoal.objects.select_for_update().filter(pk=goal_id, engagement=engagement).first()
    if goal is None:
        raise ApplicationError("not_found", "We could not find that shared goal.", status=404)
    return goal


@transaction.atomic
def phase_edit(
    *,
    actor: Actor,
    engagement: Engagement,
    phase_id: int,
    title: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Phase:
    require_manager(actor, engagement)
    phase = _phase(engagement, phase_id)
    values = phase_values(engagement, title, starts_on, ends_on)
    before = {
        "title": phase.title,
        "starts_on": str(phase.starts_on),
        "ends_on": str(phase.ends_on),
    }
    for name, value in values.items():
        setattr(phase, name, value)
    phase.save()
    audit.record(
        actor=actor,
        action="engagements.phase.edited",
        obj=engagement,
        changes={"phase": phase.pk, "before": before},
    )
    return phase


@transaction.atomic
def phase_remove(*, actor: Actor, engagement: Engagement, phase_id: int) -> None:
    """Its milestones stay, no longer in a phase."""
    require_manager(actor, engagement)
    phase = _phase(engagement, phase_id)
    title = phase.title
    phase.delete()
    audit.record(
        actor=actor, action="engagements.phase.removed", obj=engagement, changes={"phase": title}
    )


@transaction.atomic
def milestone_edit(
    *,
    actor: Actor,
    engagement: Engagement,
    milestone_id: int,
    title: str,
    due_on: datetime.date,
    fee_net: Decimal | None = None,
    phase: Phase | None = None,
) -> Milestone:
    require_manager(actor, engagement)
    milestone = _milestone(engagement, milestone_id)
    values = milestone_values(engagement, title, due_on, fee_net, phase)
    if milestone.invoiced_at is not None and values["fee_net"] != milestone.fee_net:
        raise ApplicationError(
            "invoiced",
            "This milestone's fee is already invoiced, so it cannot be changed.",
            field="fee_net",
            status=409,
        )
    before = {
        "title": milestone.title,
        "due_on": str(milestone.due_on),
        "fee": str(milestone.fee_net),
    }
    for name, value in values.items():
        setattr(milestone, name, value)
    milestone.save()
    audit.record(
        actor=actor,
        action="engagements.milestone.edited",
        obj=engagement,
        changes={"milestone": milestone.pk, "before": before},
    )
    return milestone


@transaction.atomic
def milestone_remove(*, actor: Actor, engagement: Engagement, milestone_id: int) -> None:
    require_manager(actor, engagement)
    milestone = _milestone(engagement, milestone_id)
    if milestone.invoiced_at is not None:
        raise ApplicationError(
            "invoiced",
            "This milestone is already invoiced, so it stays on the engagement.",
            status=409,
        )
    title = milestone.title
    milestone.delete()
    audit.record(
        actor=actor,
        action="engagements.milestone.removed",
        obj=engagement,
        changes={"milestone": title},
    )


@transaction.atomic
def shared_goal_edit(
    *, actor: Actor, engagement: Engagement, goal_id: int, text: str
) -> SharedGoal:
    require_manager(actor, engagement)
    goal = _goal(engagement, goal_id)
    goal.text = goal_text(engagement, text)
    goal.save(update_fields=["text", "updated_at"])
    audit.record(
        actor=actor, action="engagements.goal.edited", obj=engagement, changes={"goal": goal.pk}
    )
    return goal


@transaction.atomic
def shared_goal_remove(*, actor: Actor, engagement: Engagement, goal_id: int) -> None:
    require_manager(actor, engagement)
    goal = _goal(engagement, goal_id)
    pk = goal.pk
    goal.delete()
    audit.record(
        actor=actor, action="engagements.goal.removed", obj=engagement, changes={"goal": pk}
    )
