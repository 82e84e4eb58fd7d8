"""Publishing an engagement's pooled session feedback as frozen snapshots (decision 0042).

The feedback app pools the closed forms of an engagement's delivered sessions into fixed blocks of
at least the people threshold (`feedback.selectors.pool`). Here each block is **published once**,
when it is complete, into the kernel's `AggregateSnapshot` (kind `engagements.session_feedback`,
scope the engagement's public id): each new snapshot carries every earlier block unchanged and
adds the new ones. What anyone sees afterwards is those published figures, never a live
recount, so hiding an answer later cannot show the block again with one answer fewer.

Published when a session's form closes (the `feedback_form.closed` event), by the periodic job
`engagements.session_feedback` (catching up on anything missed) and by the demo loader."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from recoverynet.core import aggregates
from recoverynet.core.domain_events import DomainEvent
from recoverynet.feedback import selectors as feedback_selectors

from ..feedback import KIND
from ..feedback import _uuid as as_uuid
from ..models import Engagement, Session, SessionState
from ..selectors.pooled import SNAPSHOT_KIND, published_blocks


def _block_data(block: Any, sessions: dict[str, Session]) -> dict[str, Any]:
    on = sorted(sessions[f.target_id].on for f in block.forms if f.target_id in sessions)
    return {
        "forms": [str(f.public_id) for f in block.forms],
        "sessions": len(block.forms),
        "first_on": on[0].isoformat() if on else None,
        "last_on": on[-1].isoformat() if on else None,
        "respondents": block.respondents,
        "words": [[w, n] for w, n in block.words],
        "recommend": [[label, n] for label, n in block.recommend],
        "mean_rating": block.mean_rating,
    }


@transaction.atomic
def session_feedback_publish(*, engagement: Engagement) -> int:
    """Publish the engagement's newly complete blocks; earlier blocks are carried over exactly as
    published. Serialised on the engagement row. Returns how many blocks were added."""
    engagement = Engagement.objects.select_for_update().get(pk=engagement.pk)
    blocks, contributors = published_blocks(engagement)
    pooled_forms = {form_id for b in blocks for form_id in b["forms"]}
    sessions = {
        str(s.public_id): s
        for s in Session.objects.filter(engagement=engagement, state=SessionState.DELIVERED)
    }
    forms = feedback_selectors.forms_on_targets(kind=KIND, target_ids=list(sessions))
    remaining = [f for f in forms if str(f.public_id) not in pooled_forms]
    new = feedback_selectors.pool(remaining).blocks if remaining else []
    if not new:
        return 0
    contributors = dict(contributors)
    for block in new:
        position = str(len(blocks))
        blocks.append(_block_data(block, sessions))
        contributors.update({answer_id: position for answer_id in block.word_answers})
    aggregates.snapshot_publish(
        actor=None,
        kind=SNAPSHOT_KIND,
        scope=str(engagement.public_id),
        contributors=contributors,
        data={"blocks": blocks},
        cells_refreshed=len(new),
    )
    return len(new)


def on_form_closed(event: DomainEvent) -> None:
    """`feedback_form.closed`: a session's form closed, so a block may be complete."""
    if event.data.get("target_kind") != KIND:
        return
    public_id = as_uuid(str(event.data.get("target_id")))
    engagement = (
        Engagement.objects.filter(sessions__public_id=public_id).first() if public_id else None
    )
    if engagement is not None:
        session_feedback_publish(engagement=engagement)


def session_feedback_publish_due() -> int:
    """The periodic catch-up: publish every engagement's newly complete blocks."""
    ids = feedback_selectors.target_ids_with_closed_forms(kind=KIND)
    engagements = Engagement.objects.filter(sessions__public_id__in=ids).distinct()
    return sum(session_feedback_publish(engagement=e) for e in engagements)
