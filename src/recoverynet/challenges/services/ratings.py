"""Ratings, sending them, and the consensus the group agrees."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import (
    AssessmentRound,
    Challenge,
    Consensus,
    Level,
    Rater,
    Rating,
    ScalePoint,
)
from ._common import require_open
from .raters import rater_perspective_set


@transaction.atomic
def rating_save(
    *, rater: Rater, challenge_id: int, level_key: str, value: int | None, evidence: str = ""
) -> Rating:
    """Save one cell as the rater goes (drafts are never lost). `value` None means "don't know"."""
    round_ = AssessmentRound.objects.select_for_update().get(pk=rater.round_id)
    require_open(round_)
    rater = Rater.objects.select_for_update().get(pk=rater.pk)
    if rater.submitted_at is not None:
        raise ApplicationError("submitted", "You have already sent your ratings.", status=409)
    challenge = Challenge.objects.filter(pk=challenge_id, framework_id=round_.framework_id).first()
    if challenge is None:
        raise ApplicationError(
            "invalid",
            "That challenge is not part of this round's framework.",
            field="challenge",
            status=422,
        )
    level = Level.objects.filter(framework_id=round_.framework_id, key=level_key).first()
    if level is None:
        raise ApplicationError(
            "invalid",
            "That level is not part of this round's framework.",
            field="level",
            status=422,
        )
    if (
        value is not None
        and not ScalePoint.objects.filter(framework_id=round_.framework_id, value=value).exists()
    ):
        raise ApplicationError(
            "invalid", 'Choose a point on the scale, or "don\'t know".', field="value", status=422
        )
    rating, _ = Rating.objects.update_or_create(
        rater=rater,
        challenge=challenge,
        level=level,
        defaults={
            "value": value,
            "evidence": clean_text(evidence, field="evidence", max_length=2000),
        },
    )
    return rating


@transaction.atomic
def rater_submit(*, rater: Rater) -> Rater:
    rater = Rater.objects.select_for_update().select_related("round").get(pk=rater.pk)
    require_open(rater.round)
    if rater.submitted_at is not None:
        raise ApplicationError("submitted", "You have already sent your ratings.", status=409)
    if not rater.ratings.exists():
        raise ApplicationError("empty", "Rate at least one challenge before sending.", status=422)
    rater.submitted_at = timezone.now()
    rater.save(update_fields=["submitted_at", "updated_at"])
    audit.record(
        actor=rater.user,
        action="challenges.rater.submitted",
        obj=rater.round,
        changes={"rater": rater.name},
    )
    return rater


@transaction.atomic
def consensus_set(
    *,
    actor: Actor,
    round_: AssessmentRound,
    challenge_id: int,
    level_key: str,
    value: int,
    rationale: str = "",
) -> Consensus:
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can record the agreed rating.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    require_open(round_)
    challenge = Challenge.objects.filter(pk=challenge_id, framework_id=round_.framework_id).first()
    level = Level.objects.filter(framework_id=round_.framework_id, key=level_key).first()
    if challenge is None or level is None:
        raise ApplicationError(
            "invalid",
            "That challenge or level is not part of this round's framework.",
            field="challenge",
            status=422,
        )
    if not ScalePoint.objects.filter(framework_id=round_.framework_id, value=value).exists():
        raise ApplicationError("invalid", "Choose a point on the scale.", field="value", status=422)
    consensus, _ = Consensus.objects.update_or_create(
        round=round_,
        challenge=challenge,
        level=level,
        defaults={
            "value": value,
            "rationale": clean_text(rationale, field="rationale", max_length=2000),
        },
    )
    audit.record(
        actor=actor,
        action="challenges.consensus.set",
        obj=round_,
        changes={"challenge": challenge.number, "level": level.key, "value": value},
    )
    return consensus


@dataclass(frozen=True)
class CellInput:
    challenge_id: int
    level_key: str
    value: int | None
    evidence: str = ""


@transaction.atomic
def ratings_save(*, rater: Rater, cells: list[CellInput], perspective: str | None = None) -> Rater:
    """Save a page of ratings (and, if given, the rater's perspective) in one transaction: either
    everything on the page is saved or nothing is."""
    for c in cells:
        rating_save(
            rater=rater,
            challenge_id=c.challenge_id,
            level_key=c.level_key,
            value=c.value,
            evidence=c.evidence,
        )
    if perspective is not None and perspective != rater.perspective:
        rater = rater_perspective_set(rater=rater, perspective=perspective)
    return rater
