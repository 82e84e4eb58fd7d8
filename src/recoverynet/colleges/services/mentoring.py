"""Mentoring pairs: a new college paired with an established one (within the mentor's capacity),
their goals, dated check-ins with notes, and how the pairing ended."""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, dates
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Network

from .. import network_access as access
from ..models import College
from ..models.network import (
    GoalStatus,
    MentorCapacity,
    MentoringCheckIn,
    MentoringEndState,
    MentoringGoal,
    MentoringPair,
)
from ..selectors import fidelity as fidelity_selectors
from ..selectors import mentoring as selectors

MAX_CAPACITY = 20


@transaction.atomic
def mentor_capacity_set(*, actor: Actor, college: College, capacity: int) -> MentorCapacity:
    """How many colleges this one can mentor at once: its managers or a network coordinator."""
    networks = list(college.networks.values_list("pk", flat=True))
    if not (
        access.is_manager_of(actor, college) or any(access.supports(actor, n) for n in networks)
    ):
        raise PermissionDenied("Only the college's managers and the network team set this.")
    if not 0 <= capacity <= MAX_CAPACITY:
        raise ApplicationError(
            "invalid", f"Give a number from 0 to {MAX_CAPACITY}.", field="capacity", status=422
        )
    College.objects.select_for_update().get(pk=college.pk)
    in_use = selectors.active_mentees(college)
    if capacity < in_use:
        raise ApplicationError(
            "invalid",
            f"{college.name} mentors {in_use} colleges now; the capacity cannot be lower.",
            field="capacity",
            status=422,
        )
    found, _ = MentorCapacity.objects.update_or_create(
        college=college, defaults={"capacity": capacity}
    )
    audit.record(
        actor=actor,
        action="colleges.mentoring.capacity_set",
        obj=college,
        changes={"capacity": capacity},
    )
    return found


@transaction.atomic
def pair_create(
    *,
    actor: Actor,
    network: Network,
    mentor: College,
    mentee: College,
    started_on: datetime.date,
    goals: list[str] | None = None,
) -> MentoringPair:
    """Pair a college with a mentor college, within the mentor's capacity (recounted under a lock on
    the mentor, so two pairings at once cannot overfill it)."""
    if not access.supports(actor, network.pk):
        raise PermissionDenied("Only the network's coordinators and consultants pair colleges.")
    if mentor.pk == mentee.pk:
        raise ApplicationError(
            "invalid", "A college cannot mentor itself.", field="mentee", status=422
        )
    for field, college in (("mentor", mentor), ("mentee", mentee)):
        if not fidelity_selectors.college_in_network(college, network):
            raise ApplicationError(
                "invalid",
                f"{college.name} is not a member of {network.name}.",
                field=field,
                status=422,
            )
    dates.check_planned(started_on, field="started_on", label="The start date")
    College.objects.select_for_update().get(pk=mentor.pk)
    if selectors.active_mentees(mentor) >= selectors.capacity_of(mentor):
        raise ApplicationError(
            "no_capacity",
            f"{mentor.name} has no mentoring capacity left.",
            field="mentor",
            status=409,
        )
    try:
        with transaction.atomic():
            pair = MentoringPair.objects.create(
                network=network, mentor=mentor, mentee=mentee, started_on=started_on
            )
    except IntegrityError as exc:
        raise ApplicationError(
            "already_paired", "These colleges are already paired.", field="mentee", status=409
        ) from exc
    for text in goals or []:
        cleaned = clean_text(text, field="goals", max_length=500)
        if cleaned:
            MentoringGoal.objects.create(pair=pair, text=cleaned)
    audit.record(
        actor=actor,
        action="colleges.mentoring.paired",
        obj=pair,
        label=f"{mentor.name} mentors {mentee.name}",
    )
    return pair


def _require_worker(actor: Actor, pair: MentoringPair) -> None:
    if not selectors.can_work_on(actor, pair):
        raise PermissionDenied("Only the two colleges' managers and the network team can do this.")
    if pair.ended_on is not None:
        raise ApplicationError("ended", "This pairing has ended, so it cannot change.", status=409)


@transaction.atomic
def goal_add(*, actor: Actor, pair: MentoringPair, text: str) -> MentoringGoal:
    _require_worker(actor, pair)
    goal = MentoringGoal.objects.create(
        pair=pair, text=clean_text(text, field="text", max_length=500, required=True)
    )
    audit.record(
        actor=actor, action="colleges.mentoring.goal_added", obj=pair, label=str(pair.public_id)
    )
    return goal


@transaction.atomic
def goal_update(*, actor: Actor, pair: MentoringPair, goal_id: int, status: str) -> MentoringGoal:
    _require_worker(actor, pair)
    if status not in GoalStatus.values:
        raise ApplicationError("invalid", "Choose a status.", field="status", status=422)
    goal = MentoringGoal.objects.select_for_update().filter(pair=pair, pk=goal_id).first()
    if goal is None:
        raise ApplicationError("not_found", "We could not find that goal.", status=404)
    old = goal.status
    goal.status = status
    goal.save(update_fields=["status", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.mentoring.goal_updated",
        obj=pair,
        label=str(pair.public_id),
        changes={"goal": goal.pk, "status": [old, status]},
    )
    return goal


@transaction.atomic
def check_in_record(
    *, actor: Actor, pair: MentoringPair, held_on: datetime.date, notes: str
) -> MentoringCheckIn:
    _require_worker(actor, pair)
    dates.check_not_future(held_on, field="held_on", label="The date of the check-in")
    if held_on < pair.started_on:
        raise ApplicationError(
            "invalid",
            "The check-in cannot be before the pairing started.",
            field="held_on",
            status=422,
        )
    check_in = MentoringCheckIn.objects.create(
        pair=pair,
        held_on=held_on,
        notes=clean_text(notes, field="notes", max_length=4000, required=True),
        recorded_by=person(actor),
    )
    audit.record(
        actor=actor,
        action="colleges.mentoring.checked_in",
        obj=pair,
        label=str(pair.public_id),
        changes={"held_on": held_on.isoformat()},
    )
    return check_in


@transaction.atomic
def pair_end(
    *, actor: Actor, pair: MentoringPair, ended_on: datetime.date, end_state: str, note: str = ""
) -> MentoringPair:
    _require_worker(actor, pair)
    if end_state not in MentoringEndState.values:
        raise ApplicationError(
            "invalid", "Say how the pairing ended.", field="end_state", status=422
        )
    dates.check_not_future(ended_on, field="ended_on", label="The end date")
    if ended_on < pair.started_on:
        raise ApplicationError(
            "invalid", "The end date cannot be before the start date.", field="ended_on", status=422
        )
    pair = MentoringPair.objects.select_for_update().get(pk=pair.pk)
    pair.ended_on = ended_on
    pair.end_state = end_state
    pair.end_note = clean_text(note, field="note", max_length=2000)
    pair.save(update_fields=["ended_on", "end_state", "end_note", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.mentoring.ended",
        obj=pair,
        label=str(pair.public_id),
        changes={"end_state": end_state},
    )
    return pair
