"""Critical debates: the motion, sides and speakers, and the chair opening and
closing the before and after rounds."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text

from .. import targets
from ..domain_events import ROUND_CLOSED
from ..models import Debate, Round, RoundKind, RoundStatus, Side, Speaker
from .common import new_salt, require_organiser, short_code


@dataclass(frozen=True)
class SpeakerInput:
    side: str
    name: str
    role: str = ""


def _labels(label_for: str, label_against: str, label_undecided: str) -> dict[str, str]:
    labels = {
        "label_for": clean_text(
            label_for, field="label_for", max_length=60, required=True, single_line=True
        ),
        "label_against": clean_text(
            label_against, field="label_against", max_length=60, required=True, single_line=True
        ),
        "label_undecided": clean_text(
            label_undecided, field="label_undecided", max_length=60, required=True, single_line=True
        ),
    }
    if len({v.lower() for v in labels.values()}) != 3:
        raise ApplicationError(
            "invalid",
            "The three options need different labels.",
            field="label_undecided",
            status=422,
        )
    return labels


def _min_votes(value: int | None) -> int:
    minimum = int(value if value is not None else settings.DEBATE_SUPPRESS_VOTES_BELOW)
    if not 1 <= minimum <= 100:
        raise ApplicationError(
            "invalid",
            "The minimum number of votes must be from 1 to 100.",
            field="min_votes",
            status=422,
        )
    return minimum


@transaction.atomic
def debate_create(
    *,
    actor: Actor,
    target_kind: str,
    target_id: str,
    motion: str,
    description: str = "",
    label_for: str = "For",
    label_against: str = "Against",
    label_undecided: str = "Undecided",
    walk_ins: bool = False,
    min_votes: int | None = None,
    speakers: list[SpeakerInput] | None = None,
) -> Debate:
    target = targets.resolve(target_kind, target_id)
    require_organiser(actor, target)
    debate = Debate.objects.create(
        target_kind=target.kind,
        target_id=target.id,
        target_label=target.label[:300],
        network_id=target.network_id,
        host_id=target.host_id,
        motion=clean_text(motion, field="motion", max_length=300, required=True, single_line=True),
        description=clean_text(description, field="description", max_length=3000),
        walk_ins=walk_ins,
        min_votes=_min_votes(min_votes),
        salt=new_salt(),
        short_code=short_code(),
        created_by=person(actor),
        **_labels(label_for, label_against, label_undecided),
    )
    Round.objects.bulk_create([Round(debate=debate, kind=k) for k in RoundKind.values])
    for i, s in enumerate(speakers or []):
        _speaker(debate, s, order=i + 1, prefix=f"speakers.{i}.")
    audit.record(
        actor=actor,
        action="feedback.debate.created",
        obj=debate,
        changes={"motion": debate.motion, "target": f"{target.kind}:{target.id}"},
    )
    return debate


def _speaker(debate: Debate, data: SpeakerInput, *, order: int, prefix: str = "") -> Speaker:
    if data.side not in Side.values:
        raise ApplicationError(
            "invalid", "Choose a side for the speaker.", field=f"{prefix}side", status=422
        )
    return Speaker.objects.create(
        debate=debate,
        side=data.side,
        name=clean_text(
            data.name, field=f"{prefix}name", max_length=150, required=True, single_line=True
        ),
        role=clean_text(data.role, field=f"{prefix}role", max_length=200, single_line=True),
        order=order,
    )


@transaction.atomic
def debate_update(
    *,
    actor: Actor,
    debate: Debate,
    motion: str,
    description: str,
    label_for: str,
    label_against: str,
    label_undecided: str,
    walk_ins: bool,
    min_votes: int,
) -> Debate:
    require_organiser(actor, debate)
    debate = Debate.objects.select_for_update().get(pk=debate.pk)
    started = debate.rounds.exclude(status=RoundStatus.WAITING).exists()
    motion = clean_text(motion, field="motion", max_length=300, required=True, single_line=True)
    labels = _labels(label_for, label_against, label_undecided)
    if started and (
        motion != debate.motion or any(getattr(debate, k) != v for k, v in labels.items())
    ):
        raise ApplicationError(
            "debate_started",
            "The motion and options cannot change once voting has started.",
            field="motion",
            status=409,
        )
    before = audit.snapshot(debate, ["motion", "walk_ins", "min_votes"])
    debate.motion = motion
    debate.description = clean_text(description, field="description", max_length=3000)
    for k, v in labels.items():
        setattr(debate, k, v)
    debate.walk_ins = walk_ins
    debate.min_votes = _min_votes(min_votes)
    debate.save()
    audit.record(
        actor=actor,
        action="feedback.debate.updated",
        obj=debate,
        changes=audit.diff(debate, before, list(before)),
    )
    return debate


@transaction.atomic
def speaker_add(*, actor: Actor, debate: Debate, data: SpeakerInput) -> Speaker:
    require_organiser(actor, debate)
    order = debate.speakers.count() + 1
    if order > 20:
        raise ApplicationError("invalid", "A debate can have at most 20 speakers.", status=422)
    speaker = _speaker(debate, data, order=order)
    audit.record(
        actor=actor,
        action="feedback.speaker.added",
        obj=debate,
        changes={"name": speaker.name, "side": speaker.side},
    )
    return speaker


@transaction.atomic
def speaker_remove(*, actor: Actor, debate: Debate, speaker_id: int) -> None:
    require_organiser(actor, debate)
    speaker = debate.speakers.filter(pk=speaker_id).first()
    if speaker is None:
        raise ApplicationError("not_found", "We could not find that speaker.", status=404)
    speaker.delete()
    audit.record(
        actor=actor, action="feedback.speaker.removed", obj=debate, changes={"name": speaker.name}
    )


def _round(debate: Debate, kind: str) -> Round:
    if kind not in RoundKind.values:
        raise ApplicationError("not_found", "There is no such round.", status=404)
    return Round.objects.select_for_update().get(debate=debate, kind=kind)


@transaction.atomic
def round_open(*, actor: Actor, debate: Debate, kind: str) -> Round:
    require_organiser(actor, debate)
    round_ = _round(debate, kind)
    if round_.status == RoundStatus.OPEN:
        return round_
    if round_.status == RoundStatus.CLOSED:
        raise ApplicationError("round_closed", "A closed round cannot open again.", status=409)
    other = Round.objects.select_for_update().exclude(pk=round_.pk).get(debate=debate)
    if kind == RoundKind.AFTER and other.status != RoundStatus.CLOSED:
        raise ApplicationError("before_round_open", "Close the before round first.", status=409)
    round_.status = RoundStatus.OPEN
    round_.opened_at = timezone.now()
    round_.save(update_fields=["status", "opened_at", "updated_at"])
    audit.record(actor=actor, action="feedback.round.opened", obj=debate, changes={"round": kind})
    return round_


@transaction.atomic
def round_close(*, actor: Actor, debate: Debate, kind: str) -> Round:
    """Close a round (the row lock waits for votes being cast to commit; none get in after)."""
    require_organiser(actor, debate)
    round_ = _round(debate, kind)
    if round_.status == RoundStatus.CLOSED:
        return round_
    if round_.status == RoundStatus.WAITING:
        raise ApplicationError("round_not_open", "This round has not opened yet.", status=409)
    round_.status = RoundStatus.CLOSED
    round_.closed_at = timezone.now()
    round_.save(update_fields=["status", "closed_at", "updated_at"])
    if kind == RoundKind.AFTER:
        # Both rounds are final: attendees' tokens can never be derived again (decision 0025).
        Debate.objects.filter(pk=debate.pk).update(salt="", updated_at=timezone.now())
    votes = round_.votes.count()
    domain_events.emit(
        ROUND_CLOSED.name,
        network_slug=debate.network.slug,
        data={
            "debate_id": str(debate.public_id),
            "round": kind,
            "target_kind": debate.target_kind,
            "target_id": debate.target_id,
            "url": settings.SITE_URL + reverse("feedback:debate-report", args=[debate.public_id]),
        },
    )
    audit.record(
        actor=actor,
        action="feedback.round.closed",
        obj=debate,
        changes={"round": kind, "votes": votes},
    )
    return round_
