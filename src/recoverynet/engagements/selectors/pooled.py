"""An engagement's session feedback pooled across sessions, as published (decision 0042).

Only published blocks are ever shown (`services.pooled_feedback` publishes each block once, when
it is complete): their figures are frozen. When a moderator later hides one of the words a block
showed, the block's words are withdrawn **as a whole** (none of them shown again, so nothing tells
which one was hidden) and its numbers (people, would-recommend, average rating) stay exactly as
published: it is never shown again with one answer fewer."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.feedback import selectors as feedback_selectors

from ..feedback import KIND
from ..models import Engagement, SessionState

SNAPSHOT_KIND = "engagements.session_feedback"


@dataclass(frozen=True)
class ShownBlock:
    """One published block as shown: its frozen figures (words empty when withdrawn)."""

    sessions: int
    first_on: datetime.date | None
    last_on: datetime.date | None
    respondents: int
    words: list[tuple[str, int]]
    recommend: list[tuple[str, int]]
    mean_rating: float | None
    words_withdrawn: bool


@dataclass(frozen=True)
class PooledFeedback:
    minimum: int
    blocks: list[ShownBlock]
    waiting: int  # closed forms not in a published block yet
    still_open: int  # forms not closed yet (and so not pooled)


def published_blocks(engagement: Engagement) -> tuple[list[dict[str, Any]], dict[str, str]]:
    """The blocks published so far (each a dict of figures) and which block each word answer
    behind them belongs to (answer id → block number as text). For the publishing service and
    the selector below, which check access."""
    snapshot = aggregates.snapshot_latest(kind=SNAPSHOT_KIND, scope=str(engagement.public_id))
    if snapshot is None:
        return [], {}
    return list(snapshot.data.get("blocks", [])), dict(snapshot.contributors)


def _date(text: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(text) if text else None


def session_feedback_pooled(*, actor: Actor, found: Any) -> PooledFeedback | None:
    """The published blocks of the engagement's session feedback that the actor may see (those
    whose forms' results they may see), with how many closed forms wait for the next block. None
    for a buddying partner's view or when there are no forms."""
    if found.view == "buddy":
        return None
    sessions = list(found.engagement.sessions.all())
    delivered = {str(s.public_id) for s in sessions if s.state == SessionState.DELIVERED}
    everything = feedback_selectors.forms_for_targets(
        actor=actor, kind=KIND, target_ids=[str(s.public_id) for s in sessions]
    )
    forms = [f for f in everything if f.target_id in delivered]
    if not forms:
        return None
    blocks, contributors = published_blocks(found.engagement)
    withdrawn = {
        contributors[answer_id]
        for answer_id in feedback_selectors.answers_withdrawn(list(contributors))
    }
    visible = {str(f.public_id) for f in everything}
    shown = [
        ShownBlock(
            sessions=b["sessions"],
            first_on=_date(b.get("first_on")),
            last_on=_date(b.get("last_on")),
            respondents=b["respondents"],
            words=[] if str(n) in withdrawn else [(w, c) for w, c in b["words"]],
            recommend=[(label, c) for label, c in b["recommend"]],
            mean_rating=b["mean_rating"],
            words_withdrawn=str(n) in withdrawn,
        )
        for n, b in enumerate(blocks)
        if set(b["forms"]) <= visible
    ]
    pooled = {form_id for b in blocks for form_id in b["forms"]}
    rest = feedback_selectors.pool([f for f in forms if str(f.public_id) not in pooled])
    return PooledFeedback(
        minimum=aggregates.people_minimum(),
        blocks=shown,
        waiting=rest.waiting + sum(len(b.forms) for b in rest.blocks),
        still_open=rest.still_open,
    )
