"""Side by side: every rater's ratings, the spread, and the consensus the group agrees."""

from __future__ import annotations

import statistics
from typing import Any
from uuid import UUID

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.network import access as network_access

from .. import access, agreeing, selectors, services
from ..forms import (
    ConsensusForm,
)
from ..models import RoundStatus
from ._common import form_status, number_text, perspective_label
from .rounds import agreed_text, scale_labels


def _grid_rows(grid: selectors.Grid, show_names: bool) -> list[dict[str, Any]]:
    """Per challenge: one row per level with every rater's value, the median, the medians of each
    perspective, the agreed rating and the notes."""
    labels = scale_labels(grid.round)
    rows = []
    for challenge, cells in grid.rows():
        levels = []
        notes = []
        for cell in cells:
            by_rater = {rater.pk: rating for rater, rating in cell.ratings}
            values = cell.values
            levels.append(
                {
                    "cell": cell,
                    "anchor": f"cell-{challenge.pk}-{cell.level.key}",
                    "agreed": agreed_text(cell, labels),
                    "values": [
                        {
                            "value": by_rater[r.pk].value if r.pk in by_rater else None,
                            "rated": r.pk in by_rater,
                        }
                        for r in grid.raters
                    ],
                    "median": number_text(statistics.median(values)) if values else "–",
                    "perspectives": [
                        (perspective_label(p), number_text(m))
                        for p, m in sorted(cell.perspective_medians().items())
                    ],
                }
            )
            for rater, rating in cell.ratings:
                if rating.evidence:
                    notes.append(
                        {
                            "level": cell.level,
                            "who": rater.name if show_names else "",
                            "text": rating.evidence,
                        }
                    )
        rows.append({"challenge": challenge, "levels": levels, "notes": notes})
    return rows


def heat_rows(grid: selectors.Grid) -> list[dict[str, Any]]:
    """The heat map: per challenge and level, how far apart the ratings are (the spread, capped at 3
    for the shade) and whether perspectives differ. The spread is of ratings everyone on this page
    already sees; perspective differences are the suppressed flag, never a group's figure."""
    return [
        {
            "challenge": challenge,
            "cells": [
                {
                    "anchor": f"cell-{challenge.pk}-{cell.level.key}",
                    "level": cell.level,
                    "rated": bool(cell.values),
                    "spread": cell.spread,
                    "shade": min(cell.spread, 3),
                    "differ": cell.disagreement,
                    "agreed": cell.consensus is not None,
                }
                for cell in cells
            ],
        }
        for challenge, cells in grid.rows()
    ]


@login_required
@require_http_methods(["GET", "POST"])
def round_grid(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    round_ = selectors.round_get(actor=request.user, public_id=public_id)
    can_facilitate = access.can_facilitate(request.user, round_)
    editing = can_facilitate and round_.status == RoundStatus.OPEN
    scale = list(round_.framework.scale.all())
    posted: ConsensusForm | None = None
    posted_key: tuple[str, str] | None = None
    if request.method == "POST":
        if not editing:
            raise PermissionDenied(
                "Only the round's facilitator can record the agreed rating, while the round is open."
            )
        challenge_raw = request.POST.get("challenge", "")
        level_raw = request.POST.get("level", "")
        if not (challenge_raw.isascii() and challenge_raw.isdecimal() and len(challenge_raw) < 10):
            raise ApplicationError("invalid", "That challenge is not part of this round.")
        posted_key = (challenge_raw, level_raw[:30])
        posted = ConsensusForm(
            request.POST, scale=scale, auto_id=f"consensus-{challenge_raw}-{level_raw[:30]}-%s"
        )
        if posted.is_valid():
            try:
                services.consensus_set(
                    actor=request.user,
                    round_=round_,
                    challenge_id=posted.cleaned_data["challenge"],
                    level_key=posted.cleaned_data["level"],
                    value=posted.cleaned_data["value"],
                    rationale=posted.cleaned_data["rationale"],
                )
            except ApplicationError as exc:
                add_service_error(posted, exc)
            else:
                return redirect(
                    reverse("challenges:round-grid", args=[round_.public_id])
                    + f"#challenge-{posted.cleaned_data['challenge']}"
                )

    grid = selectors.round_grid(actor=request.user, round_=round_)
    show_names = can_facilitate or network_access.can_view_audit(request.user, round_.organisation)
    rows = _grid_rows(grid, show_names)
    if editing:
        for row in rows:
            for item in row["levels"]:
                cell = item["cell"]
                key = (str(cell.challenge.pk), cell.level.key)
                if posted is not None and key == posted_key:
                    item["form"] = posted
                    continue
                item["form"] = ConsensusForm(
                    scale=scale,
                    auto_id=f"consensus-{cell.challenge.pk}-{cell.level.key}-%s",
                    initial={
                        "challenge": cell.challenge.pk,
                        "level": cell.level.key,
                        "value": cell.consensus.value if cell.consensus else "",
                        "rationale": cell.consensus.rationale if cell.consensus else "",
                    },
                )
        if posted is not None and not any(
            item.get("form") is posted for row in rows for item in row["levels"]
        ):
            raise ApplicationError("invalid", "That challenge or level is not part of this round.")
    headers = [r.name if show_names else f"Rater {i}" for i, r in enumerate(grid.raters, start=1)]
    disagreements = [
        {
            "cell": cell,
            "anchor": f"cell-{cell.challenge.pk}-{cell.level.key}",
            "perspectives": [
                (perspective_label(p), number_text(m))
                for p, m in sorted(cell.perspective_medians().items())
            ],
        }
        for cell in grid.disagreements
    ]
    return render(
        request,
        "challenges/round_grid.html",
        {
            "round": round_,
            "organisation": round_.organisation,
            "title": f"Ratings side by side: {round_.title}",
            "grid": grid,
            "rows": rows,
            "headers": headers,
            "show_names": show_names,
            "people_minimum": aggregates.people_minimum(),
            "editing": editing,
            "disagreements": disagreements,
            "heat_rows": heat_rows(grid),
            "to_agree_together": len(agreeing.proposals(grid)) if editing else 0,
            "posted": posted,
            "cells": len(grid.challenges) * len(grid.levels),
        },
        status=form_status(posted),
    )
