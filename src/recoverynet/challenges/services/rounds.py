"""Rounds: start one, close it (announcing `assessment.closed`; undone in closing.py), and choose its top three priorities."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text
from recoverynet.network.models import Organisation

from .. import access
from ..domain_events import ASSESSMENT_CLOSED
from ..frameworks import TEAM_RESOURCE_FIELDS
from ..models import (
    AssessmentRound,
    Framework,
    Priority,
    Rater,
    RoundStatus,
)
from ._common import require_open
from .closing import CLOSED_ACTION, announce
from .deadlines import check_rate_by


@transaction.atomic
def round_start(
    *,
    actor: Actor,
    organisation: Organisation,
    framework: Framework,
    title: str,
    team_name: str = "",
    team_resources: dict[str, int] | None = None,
    rate_by: datetime.date | None = None,
) -> AssessmentRound:
    if not access.can_start_round(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's recovery lead or the network team can start a self-assessment."
        )
    if not framework.is_current:
        raise ApplicationError(
            "not_current",
            "Choose the current version of the framework.",
            field="framework",
            status=422,
        )
    title = clean_text(title, field="title", max_length=200, single_line=True)
    team_name = clean_text(team_name, field="team_name", max_length=150, single_line=True)
    if not title:
        raise ApplicationError(
            "invalid",
            'Give the round a title, for example "Spring 2027".',
            field="title",
            status=422,
        )
    check_rate_by(rate_by)
    resources = {}
    allowed = {key for key, _ in TEAM_RESOURCE_FIELDS}
    for key, value in (team_resources or {}).items():
        if key not in allowed:
            raise ApplicationError(
                "invalid", f"Unknown team resource {key!r}.", field="team_resources", status=422
            )
        if not isinstance(value, int) or value < 0 or value > 100000:
            raise ApplicationError(
                "invalid",
                "Enter a whole number of 0 or more.",
                field=f"team_resources.{key}",
                status=422,
            )
        resources[key] = value
    round_ = AssessmentRound.objects.create(
        organisation=organisation,
        framework=framework,
        title=title,
        team_name=team_name,
        team_resources=resources,
        facilitator=person(actor),
        rate_by=rate_by,
    )
    # The facilitator rates too. A perspective is never copied from a profile: each rater states
    # it for the round themselves, on the rating page (decision 0009).
    Rater.objects.create(
        round=round_, user=person(actor), name=person(actor).display_name, email=person(actor).email
    )
    audit.record(
        actor=actor,
        action="challenges.round.started",
        obj=round_,
        changes={"title": title, "team": team_name},
    )
    return round_


@transaction.atomic
def round_close(*, actor: Actor, round_: AssessmentRound) -> AssessmentRound:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can close it.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    require_open(round_)
    cells = round_.framework.challenges.count() * round_.framework.levels.count()
    agreed = round_.consensus.count()
    if agreed < cells:
        raise ApplicationError(
            "incomplete",
            f"Agree a rating for every challenge at every level first ({agreed} of {cells} done).",
            status=409,
        )
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    audit.record(actor=actor, action=CLOSED_ACTION, obj=round_)
    announce(round_, ASSESSMENT_CLOSED.name)
    return round_


@dataclass(frozen=True)
class PriorityInput:
    challenge_id: int
    level_key: str
    reason: str = ""


@transaction.atomic
def priorities_set(
    *, actor: Actor, round_: AssessmentRound, priorities: list[PriorityInput]
) -> list[Priority]:
    """The group's top three priorities (challenge and level), in order, from a closed round."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can record the priorities.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    if round_.status != RoundStatus.CLOSED:
        raise ApplicationError(
            "not_closed", "Close the round before choosing priorities.", status=409
        )
    if not 1 <= len(priorities) <= 3:
        raise ApplicationError(
            "invalid", "Choose one, two or three priorities.", field="priorities", status=422
        )
    challenges = {c.pk: c for c in round_.framework.challenges.all()}
    levels = {lv.key: lv for lv in round_.framework.levels.all()}
    seen: set[tuple[int, str]] = set()
    rows = []
    for rank, p in enumerate(priorities, start=1):
        if p.challenge_id not in challenges or p.level_key not in levels:
            raise ApplicationError(
                "invalid",
                "Choose a challenge and level from this round.",
                field=f"priorities.{rank - 1}",
                status=422,
            )
        if (p.challenge_id, p.level_key) in seen:
            raise ApplicationError(
                "duplicate",
                "Each priority must be a different challenge or level.",
                field=f"priorities.{rank - 1}",
                status=422,
            )
        seen.add((p.challenge_id, p.level_key))
        reason = clean_text(p.reason, field=f"priorities.{rank - 1}.reason", max_length=1000)
        rows.append(
            Priority(
                round=round_,
                rank=rank,
                challenge=challenges[p.challenge_id],
                level=levels[p.level_key],
                reason=reason,
            )
        )
    Priority.objects.filter(round=round_).delete()
    Priority.objects.bulk_create(rows)
    audit.record(
        actor=actor,
        action="challenges.priorities.set",
        obj=round_,
        changes={"priorities": [f"{r.challenge.number}/{r.level.key}" for r in rows]},
    )
    return rows
