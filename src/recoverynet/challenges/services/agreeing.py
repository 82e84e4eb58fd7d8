"""Agreeing many cells at once: the median where the raters already agree (issue #15)."""

from __future__ import annotations

from collections.abc import Collection

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access, agreeing, selectors
from ..models import AssessmentRound, Consensus
from ._common import require_open


@transaction.atomic
def consensus_agree_many(
    *, actor: Actor, round_: AssessmentRound, keys: Collection[str] | None = None
) -> list[Consensus]:
    """Record the median as the agreed rating for each chosen cell ("<challenge id>-<level key>")
    where the ratings agree, or for every such cell when `keys` is None. The cells are worked out
    again here, under the round's lock: a cell whose ratings no longer agree is refused, and nothing
    is written."""
    if not access.can_facilitate(actor, round_):
        raise PermissionDenied("Only the round's facilitator can record the agreed rating.")
    round_ = AssessmentRound.objects.select_for_update().get(pk=round_.pk)
    require_open(round_)
    found = {p.key: p for p in agreeing.proposals(selectors.round_grid(actor=actor, round_=round_))}
    chosen = list(found) if keys is None else list(dict.fromkeys(keys))
    if not chosen:
        raise ApplicationError(
            "invalid", "Choose at least one rating to agree.", field="cells", status=422
        )
    missing = [k for k in chosen if k not in found]
    if missing:
        raise ApplicationError(
            "invalid",
            "These cells cannot be agreed together: their ratings differ, they are already "
            f"agreed, or they are not in this round ({', '.join(missing[:5])}). Agree them one "
            "by one.",
            field="cells",
            status=422,
        )
    made = Consensus.objects.bulk_create(
        Consensus(
            round=round_,
            challenge=found[k].cell.challenge,
            level=found[k].cell.level,
            value=found[k].value,
            rationale=agreeing.rationale(found[k].cell),
        )
        for k in chosen
    )
    audit.record(
        actor=actor,
        action="challenges.consensus.agreed_many",
        obj=round_,
        changes={
            "cells": [
                [found[k].cell.challenge.number, found[k].cell.level.key, found[k].value]
                for k in chosen
            ]
        },
    )
    return made
