"""Reads for debates: the chair's view, the voting page, the projector and the report.

Results are hidden while a round is open (no running count on any screen people see) and shown
after it closes only with at least the debate's `min_votes` votes; the swing and the movement table
need both rounds closed and at least `min_votes` voters who voted in both."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.db.models import Count, QuerySet

from recoverynet.accounts.actors import Actor, is_person
from recoverynet.core.errors import NotFound
from recoverynet.network import access as network_access

from .. import access, tally
from ..models import Debate, Round, RoundKind, RoundStatus, Speaker, Vote


def _uuid(value: Any) -> UUID:
    try:
        return value if isinstance(value, UUID) else UUID(str(value))
    except ValueError as exc:
        raise NotFound("We could not find that debate.") from exc


def _debate(public_id: Any) -> Debate:
    debate = (
        Debate.objects.select_related("network", "host")
        .prefetch_related("rounds")
        .filter(public_id=_uuid(public_id))
        .first()
    )
    if debate is None:
        raise NotFound("We could not find that debate.")
    return debate


def debate_for_organiser(*, actor: Actor, public_id: Any) -> Debate:
    debate = _debate(public_id)
    if not access.is_organiser(actor, debate):
        raise NotFound("We could not find that debate.")
    return debate


def debate_for_voting(*, actor: Actor, public_id: Any) -> Debate:
    """Anyone with the link sees the motion and the state of voting (results only when shown)."""
    return _debate(public_id)


def debate_for_report(*, actor: Actor, public_id: Any) -> Debate:
    """The report: organisers, the network team, the hosts and linked speakers (results
    suppressed as usual)."""
    debate = _debate(public_id)
    if not (access.can_view_results(actor, debate) or access.is_speaker(actor, debate)):
        raise NotFound("We could not find that debate.")
    return debate


def speaking_in(*, actor: Actor) -> list[Speaker]:
    """The debates this person was linked to as a speaker, newest first (their own page)."""
    if not is_person(actor):
        return []
    return list(
        Speaker.objects.filter(person=actor)
        .select_related("debate")
        .order_by("-debate__created_at", "debate_id", "order")
    )


def speaker_for_organiser(*, actor: Actor, public_id: Any, speaker_id: int) -> Speaker:
    debate = debate_for_organiser(actor=actor, public_id=public_id)
    speaker = debate.speakers.select_related("person").filter(pk=speaker_id).first()
    if speaker is None:
        raise NotFound("We could not find that speaker.")
    return speaker


def debate_by_code(code: str) -> Debate:
    debate = Debate.objects.filter(short_code=code.strip().upper()[:12]).first()
    if debate is None:
        raise NotFound("We could not find a debate with that code.")
    return debate


def debates_for_manager(*, actor: Actor) -> QuerySet[Debate]:
    """Debates on the organisers' feedback page: every debate in the networks whose team this person
    is on (everything for administrators), newest first. Each links to its report, which the
    network team may read (`access.can_view_results`) and which leads organisers on to run it."""
    qs = Debate.objects.select_related("network").order_by("-created_at", "id")
    if network_access.is_admin(actor):
        return qs
    return qs.filter(network_id__in=network_access.roles(actor).team_network_ids)


def debates_for_target(*, actor: Actor, kind: str, target_id: str) -> QuerySet[Debate]:
    qs = Debate.objects.filter(target_kind=kind, target_id=target_id).select_related("network")
    first = qs.first()
    if first is None or not access.can_view_results(actor, first):
        return Debate.objects.none()
    return qs


def speakers_by_side(debate: Debate) -> dict[str, list[Speaker]]:
    sides: dict[str, list[Speaker]] = {"for": [], "against": [], "chair": []}
    for s in debate.speakers.all():
        sides.setdefault(s.side, []).append(s)
    return sides


@dataclass
class RoundResult:
    kind: str
    label: str
    status: str
    status_label: str
    total: int | None  # None while open (hidden)
    counts: dict[str, int] | None  # None while open or below the minimum
    shares: dict[str, Decimal] | None
    suppressed: bool


@dataclass
class DebateResults:
    debate: Debate
    labels: dict[str, str]
    rounds: list[RoundResult]
    swing: dict[str, Decimal] | None
    movement: tally.Movement | None
    movement_suppressed: bool
    minimum: int
    open_round: str | None
    votes_so_far: int | None  # only for the chair's own page

    def round(self, kind: str) -> RoundResult:
        return next(r for r in self.rounds if r.kind == kind)

    @property
    def movement_rows(self) -> list[tuple[str, list[int]]]:
        if self.movement is None:
            return []
        return [
            (self.labels[b], [self.movement.count(b, a) for a in tally.OPTIONS])
            for b in tally.OPTIONS
        ]


def labels_of(debate: Debate) -> dict[str, str]:
    return {
        "for": debate.label_for,
        "against": debate.label_against,
        "undecided": debate.label_undecided,
    }


def debate_results(*, actor: Actor, debate: Debate, for_chair: bool = False) -> DebateResults:
    rounds = {r.kind: r for r in Round.objects.filter(debate=debate)}
    minimum = debate.min_votes
    closed = [k for k, r in rounds.items() if r.status == RoundStatus.CLOSED]
    open_round = next((k for k, r in rounds.items() if r.status == RoundStatus.OPEN), None)
    counts: dict[str, dict[str, int]] = {k: dict.fromkeys(tally.OPTIONS, 0) for k in rounds}
    if closed:
        for kind, choice, n in (
            Vote.objects.filter(round__debate=debate, round__status=RoundStatus.CLOSED)
            .values_list("round__kind", "choice")
            .annotate(n=Count("id"))
        ):
            counts[kind][choice] = n
    results = []
    for kind in (RoundKind.BEFORE, RoundKind.AFTER):
        r = rounds[kind]
        total = sum(counts[kind].values()) if r.status == RoundStatus.CLOSED else None
        shown = total is not None and total >= minimum
        results.append(
            RoundResult(
                kind=kind,
                label=RoundKind(kind).label,
                status=r.status,
                status_label=RoundStatus(r.status).label,
                total=total,
                counts=counts[kind] if shown else None,
                shares=tally.shares(counts[kind]) if shown else None,
                suppressed=total is not None and not shown,
            )
        )
    swing = movement = None
    movement_suppressed = False
    if len(closed) == 2 and all(r.counts is not None for r in results):
        swing = tally.swing(counts[RoundKind.BEFORE], counts[RoundKind.AFTER])
        by_round: dict[str, dict[Any, str]] = {RoundKind.BEFORE: {}, RoundKind.AFTER: {}}
        for voter_id, kind, choice in Vote.objects.filter(round__debate=debate).values_list(
            "voter_id", "round__kind", "choice"
        ):
            by_round[kind][voter_id] = choice
        moved = tally.movement(by_round[RoundKind.BEFORE], by_round[RoundKind.AFTER])
        if moved.paired >= minimum:
            movement = moved
        else:
            movement_suppressed = True
    votes_so_far = None
    if for_chair and open_round and access.is_organiser(actor, debate):
        votes_so_far = Vote.objects.filter(round=rounds[open_round]).count()
    return DebateResults(
        debate=debate,
        labels=labels_of(debate),
        rounds=results,
        swing=swing,
        movement=movement,
        movement_suppressed=movement_suppressed,
        minimum=minimum,
        open_round=open_round,
        votes_so_far=votes_so_far,
    )


def debate_live_state(*, actor: Actor, debate: Debate) -> tuple[Any, ...] | None:
    """What the projector shows changes only when a round opens or closes (results are hidden
    while a round is open): one small query a stream uses to decide whether to send an update.
    None when the actor may no longer see the projector, or the debate is gone (deleted while a
    projector was open: its rounds go with it)."""
    if not access.is_organiser(actor, debate):
        return None
    state = tuple(
        Round.objects.filter(debate_id=debate.pk)
        .order_by("kind")
        .values_list("kind", "status", "updated_at")
    )
    return state or None
