"""One round: its report (a PDF) and its ratings (rows for a CSV file). Raters are numbered unless
the person may see names; nobody sees a rater's perspective."""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import Perspective
from recoverynet.core.charts import number
from recoverynet.core.pdf import render_pdf
from recoverynet.network import access as network_access

from .. import access, selectors
from ..models import AssessmentRound, Priority

PERSPECTIVE_LABELS = {
    value: label for value, label in Perspective.choices if value != Perspective.PREFER_NOT
}


def perspective_label(value: str) -> str:
    return PERSPECTIVE_LABELS.get(value, "Not said")


def shows_names(actor: Actor, round_: AssessmentRound) -> bool:
    """Who sees raters' names: the same people as on the "ratings side by side" page, i.e. those
    who can facilitate the round and the network team. Nobody sees a rater's perspective: only
    counts and medians of perspective groups of at least the people threshold (decision 0009)."""
    return access.can_facilitate(actor, round_) or network_access.can_view_audit(
        actor, round_.organisation
    )


@dataclass
class ReportLevel:
    cell: selectors.Cell
    values: list[str]  # one per rater, in header order: "3", "Don't know" or ""
    median: str
    agreed: str
    perspectives: list[tuple[str, str]]


@dataclass
class ReportChallenge:
    challenge: Any
    levels: list[ReportLevel]
    notes: list[tuple[str, str, str]]  # (level, who, text)


@dataclass
class RoundReport:
    round: AssessmentRound
    grid: selectors.Grid
    show_names: bool
    headers: list[str]
    challenges: list[ReportChallenge]
    disagreements: list[tuple[selectors.Cell, list[tuple[str, str]]]]
    priorities: list[Priority]
    scale: list[Any]
    raters: list[tuple[str, bool]]  # (name or "Rater n", sent)
    perspective_counts: list[tuple[str, int]]  # groups of at least `people_minimum` only
    perspectives_not_shown: int
    people_minimum: int
    made_at: Any

    @property
    def cells(self) -> int:
        return len(self.grid.challenges) * len(self.grid.levels)


def round_report(*, actor: Actor, grid: selectors.Grid) -> RoundReport:
    round_ = grid.round
    show_names = shows_names(actor, round_)
    scale = list(round_.framework.scale.all())
    labels = {p.value: p.label for p in scale}
    headers = [r.name if show_names else f"Rater {i}" for i, r in enumerate(grid.raters, start=1)]
    challenges = []
    for challenge, cells in grid.rows():
        levels = []
        notes = []
        for cell in cells:
            by_rater = {rater.pk: rating for rater, rating in cell.ratings}
            values = cell.values
            levels.append(
                ReportLevel(
                    cell=cell,
                    values=[
                        ""
                        if r.pk not in by_rater
                        else (number(by_rater[r.pk].value) or "Don't know")
                        for r in grid.raters
                    ],
                    median=number(statistics.median(values)) if values else "",
                    agreed=(
                        f"{cell.consensus.value} {labels.get(cell.consensus.value, '')}".strip()
                        if cell.consensus
                        else ""
                    ),
                    perspectives=[
                        (perspective_label(p), number(m))
                        for p, m in sorted(cell.perspective_medians().items())
                    ],
                )
            )
            for rater, rating in cell.ratings:
                if rating.evidence:
                    notes.append(
                        (cell.level.label, rater.name if show_names else "", rating.evidence)
                    )
        challenges.append(ReportChallenge(challenge=challenge, levels=levels, notes=notes))
    counts = grid.perspective_counts()
    return RoundReport(
        round=round_,
        grid=grid,
        show_names=show_names,
        headers=headers,
        challenges=challenges,
        disagreements=[
            (
                cell,
                [
                    (perspective_label(p), number(m))
                    for p, m in sorted(cell.perspective_medians().items())
                ],
            )
            for cell in grid.disagreements
        ],
        priorities=list(round_.priorities.select_related("challenge", "level")),
        scale=scale,
        raters=[(headers[i], r.submitted_at is not None) for i, r in enumerate(grid.raters)],
        perspective_counts=[(perspective_label(p), n) for p, n in counts.shown],
        perspectives_not_shown=counts.not_shown,
        people_minimum=counts.minimum,
        made_at=timezone.localtime(),
    )


def round_report_pdf(report: RoundReport) -> bytes:
    return render_pdf("challenges/pdf/round_report.html", {"report": report, "round": report.round})


CSV_COLUMNS = [
    "Row",
    "Challenge number",
    "Challenge",
    "Level",
    "Rater",
    "Rating",
    "Evidence or reason",
]


def round_export_rows(*, actor: Actor, grid: selectors.Grid) -> Iterable[list[Any]]:
    """One row per rating, then the group's agreed rating, for each challenge at each level. Raters
    are "Rater 1", "Rater 2" … unless the person may see names. No rater's perspective is ever
    listed: a row is one person's rating, and a perspective beside it would identify them."""
    show_names = shows_names(actor, grid.round)
    index = {r.pk: i for i, r in enumerate(grid.raters)}
    for challenge, cells in grid.rows():
        for cell in cells:
            base = [challenge.number, challenge.title, cell.level.label]
            for rater, rating in sorted(cell.ratings, key=lambda pair: index[pair[0].pk]):
                yield [
                    "Rating",
                    *base,
                    rater.name if show_names else f"Rater {index[rater.pk] + 1}",
                    rating.value if rating.value is not None else "don't know",
                    rating.evidence,
                ]
            if cell.consensus is not None:
                yield [
                    "Agreed",
                    *base,
                    "The group",
                    cell.consensus.value,
                    cell.consensus.rationale,
                ]
