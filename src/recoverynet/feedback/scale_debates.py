"""generate_scale for critical debates (see scale.py): 300 debates on past events with their
speakers, both rounds closed, 60,000 pseudonymous voters (signed-in attendees and walk-ins with
used room cards) and 120,000 votes; a few more on upcoming events, not started. The busy debate,
on the busy form's event, has 1,000 votes in each round."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.conf import settings

from recoverynet.core.scale import Progress, ScaleContext, insert
from recoverynet.network.scale import FAMILY, GIVEN

from .models import (
    Choice,
    Debate,
    RoomCard,
    Round,
    RoundKind,
    RoundStatus,
    Side,
    Speaker,
    Vote,
    Voter,
)
from .scale_answers import random_digest, salt, short_code

if TYPE_CHECKING:
    from .scale import EventRow

BUSY_DEBATE_VOTERS = 1_060  # about 1,000 vote in each round
CHUNK = 20  # debates per round of inserts
MOTIONS = (
    "Peer workers should be distinct roles",
    "Recovery colleges should be open to everyone, not only people who use services",
    "Risk assessment does more harm than good",
    "Co-production is impossible without paying people for their time",
    "Every ward should have a peer worker on every shift",
    "Families should be told more, even without consent",
    "Restrictive practice can be ended within five years",
    "Recovery is a word services should stop using",
)
ROLES = (
    "Peer support worker",
    "Consultant psychiatrist",
    "Recovery college manager",
    "Carer and family lead",
    "Ward manager",
    "Director of nursing",
    "Expert by experience",
    "Network coordinator",
)
OPTIONS = [Choice.FOR, Choice.AGAINST, Choice.UNDECIDED]


def generate_debates(
    ctx: ScaleContext,
    busy: EventRow,
    past: list[EventRow],
    upcoming: list[EventRow],
    attendees: dict[int, list[int]],
    team: dict[int, list[int]],
) -> None:
    count = ctx.n(300, minimum=3)
    others = [e for e in past if e.id != busy.id]
    events = [busy, *ctx.rng.sample(others, min(len(others), count - 1))]
    events += ctx.rng.sample(upcoming, min(len(upcoming), ctx.n(15)))
    average = max(20, (ctx.n(60_000) - BUSY_DEBATE_VOTERS) // max(1, count - 1))
    codes: set[str] = set()
    progress = Progress(ctx, "critical debates", len(events))
    for start in range(0, len(events), CHUNK):
        chunk = events[start : start + CHUNK]
        debates = insert(
            ctx, Debate, [_debate(ctx, e, team, codes, busy=e.id == busy.id) for e in chunk]
        )
        ids = [d.pk for d in debates]
        ctx.ids.setdefault("feedback.debates", []).extend(ids)
        if start == 0:
            ctx.ids["feedback.busy_debate"] = [ids[0]]
        _speakers(ctx, debates)
        rounds = insert(
            ctx,
            Round,
            [r for d, e in zip(debates, chunk, strict=True) for r in _rounds(d, e, ctx.anchor)],
        )
        by_debate: dict[int, dict[str, Round]] = {}
        for r in rounds:
            by_debate.setdefault(r.debate_id, {})[r.kind] = r
        for debate, event in zip(debates, chunk, strict=True):
            if event.ends_at >= ctx.anchor:
                continue
            size = BUSY_DEBATE_VOTERS if event.id == busy.id else _size(ctx, average)
            _votes(ctx, debate, by_debate[debate.pk], size, len(attendees.get(event.id, [])))
        progress.step(len(chunk))
    progress.close()


def _size(ctx: ScaleContext, average: int) -> int:
    return max(12, round(ctx.rng.gauss(average, average / 3)))


def _debate(
    ctx: ScaleContext,
    event: EventRow,
    team: dict[int, list[int]],
    codes: set[str],
    *,
    busy: bool = False,
) -> Debate:
    over = event.ends_at < ctx.anchor
    return Debate(
        public_id=ctx.uuid(),
        target_kind="event",
        target_id=event.public_id,
        target_label=event.title[:300],
        network_id=event.network_id,
        host_id=event.host_id,
        motion=ctx.rng.choice(MOTIONS),
        description="Two speakers argue, the room votes before and after, then we talk it "
        "through at our tables.",
        walk_ins=busy or ctx.rng.random() < 0.85,
        min_votes=settings.DEBATE_SUPPRESS_VOTES_BELOW,
        # Wiped when the after round closes: attendees' tokens can never be derived again.
        salt="" if over else salt(ctx),
        short_code=short_code(ctx, codes),
        created_by_id=ctx.rng.choice(team[event.network_id]),
    )


def _speakers(ctx: ScaleContext, debates: list[Debate]) -> None:
    users = ctx.ids["network.users"]
    rows = []
    for debate in debates:
        sides = (
            [Side.CHAIR]
            + [Side.FOR] * ctx.rng.choice((1, 2))
            + [Side.AGAINST] * ctx.rng.choice((1, 2))
        )
        for order, side in enumerate(sides, start=1):
            linked = side != Side.CHAIR and ctx.rng.random() < 0.1
            rows.append(
                Speaker(
                    debate_id=debate.pk,
                    side=side,
                    name=f"{ctx.rng.choice(GIVEN)} {ctx.rng.choice(FAMILY)}",
                    role=ctx.rng.choice(ROLES),
                    person_id=ctx.rng.choice(users) if linked else None,
                    order=order,
                )
            )
    insert(ctx, Speaker, rows)
    ctx.counts["debate speakers"] = ctx.counts.get("debate speakers", 0) + len(rows)


def _rounds(debate: Debate, event: EventRow, anchor: datetime.datetime) -> list[Round]:
    if event.ends_at >= anchor:
        return [Round(debate_id=debate.pk, kind=k) for k in RoundKind.values]
    before = event.starts_at + datetime.timedelta(minutes=30)
    after = event.starts_at + datetime.timedelta(hours=2)
    return [
        Round(
            debate_id=debate.pk,
            kind=RoundKind.BEFORE,
            status=RoundStatus.CLOSED,
            opened_at=before,
            closed_at=before + datetime.timedelta(minutes=5),
        ),
        Round(
            debate_id=debate.pk,
            kind=RoundKind.AFTER,
            status=RoundStatus.CLOSED,
            opened_at=after,
            closed_at=after + datetime.timedelta(minutes=5),
        ),
    ]


def _votes(
    ctx: ScaleContext, debate: Debate, rounds: dict[str, Round], size: int, attendees: int
) -> None:
    """`size` voters: at most the event's checked-in people signed in, the rest walk-ins with a
    used room card each (a debate without walk-ins has only its attendees). Most vote in both
    rounds; the after round moves some of them."""
    rng = ctx.rng
    signed_in = min(attendees, round(size * rng.uniform(0.1, 0.4)))
    walk_ins = size - signed_in if debate.walk_ins else 0
    flags = [False] * signed_in + [True] * walk_ins
    rng.shuffle(flags)
    voters = insert(
        ctx,
        Voter,
        [
            Voter(id=ctx.uuid(), debate_id=debate.pk, token_hash=random_digest(ctx), walk_in=w)
            for w in flags
        ],
    )
    cards = [
        RoomCard(
            id=ctx.uuid(), debate_id=debate.pk, code_hash=random_digest(ctx), used=n < walk_ins
        )
        for n in range(walk_ins + (walk_ins // 10 if walk_ins else 0))
    ]
    insert(ctx, RoomCard, cards)
    before_weights = [rng.uniform(1, 4) for _ in OPTIONS]
    votes = []
    for voter in voters:
        first = rng.choices(OPTIONS, weights=before_weights)[0] if rng.random() < 0.95 else None
        if first is not None:
            votes.append(
                Vote(
                    id=ctx.uuid(),
                    round_id=rounds[RoundKind.BEFORE].pk,
                    voter_id=voter.pk,
                    choice=first,
                )
            )
        if first is None or rng.random() < 0.94:
            votes.append(
                Vote(
                    id=ctx.uuid(),
                    round_id=rounds[RoundKind.AFTER].pk,
                    voter_id=voter.pk,
                    choice=_after(ctx, first),
                )
            )
    insert(ctx, Vote, votes)
    for label, n in (
        ("debate voters", len(voters)),
        ("debate votes", len(votes)),
        ("room cards (debates)", len(cards)),
    ):
        ctx.counts[label] = ctx.counts.get(label, 0) + n


def _after(ctx: ScaleContext, first: str | None) -> str:
    """Undecided people mostly make up their minds; a few change sides."""
    roll = ctx.rng.random()
    if first is None or first == Choice.UNDECIDED:
        return Choice.FOR if roll < 0.45 else Choice.AGAINST if roll < 0.8 else Choice.UNDECIDED
    if roll < 0.82:
        return first
    return (
        Choice.UNDECIDED if roll < 0.9 else (Choice.AGAINST if first == Choice.FOR else Choice.FOR)
    )
