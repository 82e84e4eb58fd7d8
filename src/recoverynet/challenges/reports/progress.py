"""An organisation's progress over time: the latest agreed ratings (bar and radar charts) and each
challenge's agreed ratings in every round, with the priorities chosen in each round."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone
from django.utils.dateformat import format as date_format

from recoverynet.core.charts import Bar, Chart, Group

from .. import frameworks, selectors
from ..models import AssessmentRound, Priority

TEN_CHALLENGES_FAMILY: str = frameworks.TEN_CHALLENGES["family"]


def _date(value: Any) -> str:
    return date_format(timezone.localtime(value), "j F Y") if value else ""


def round_label(round_: AssessmentRound) -> str:
    closed = _date(round_.closed_at)
    return f"{round_.title} (closed {closed})" if closed else round_.title


@dataclass
class RoundPriorities:
    round: AssessmentRound
    label: str
    priorities: list[Priority]


@dataclass
class ProgressReport:
    latest: Chart | None
    trends: list[Chart]
    priorities: list[RoundPriorities]  # newest first
    round_count: int
    latest_label: str = ""
    scale: list[Any] = field(default_factory=list)


def progress_report(progress: selectors.Progress) -> ProgressReport:
    latest = progress.latest
    if latest is None:
        return ProgressReport(latest=None, trends=[], priorities=[], round_count=0)
    levels = tuple(lv.label for lv in progress.levels)
    scale_max = max((p.value for p in progress.scale), default=4)
    scale_words = ", ".join(f"{p.value} {p.label}" for p in progress.scale)
    agreed = progress.agreed[latest.pk]
    latest_chart = Chart(
        id="chart-latest",
        title=f"Agreed ratings in {latest.title}, by challenge and level",
        description=(
            f"Horizontal bar chart. For each of the {len(progress.challenges)} challenges, one bar per "
            f"level ({', '.join(levels)}) shows the rating the group agreed, on a scale of {scale_words}. "
            "The table after the chart gives the same numbers."
        ),
        series=levels,
        groups=tuple(
            Group(
                label=f"{c.number}. {c.title}",
                bars=tuple(
                    Bar(lv.label, agreed.get((c.number, lv.key)), note="No agreed rating")
                    for lv in progress.levels
                ),
                short=str(c.number),
            )
            for c in progress.challenges
        ),
        scale_max=scale_max,
        row_heading="Challenge",
        missing="No agreed rating",
        radar_title=f"Radar chart of the agreed ratings in {latest.title}: a shape for each level",
    )
    trends = [
        Chart(
            id=f"chart-challenge-{c.number}",
            title=f"Challenge {c.number}, agreed rating at each level in each round",
            heading=f"Challenge {c.number}: {c.title}",
            description=(
                f"Horizontal bar chart. For each round, oldest first, one bar per level "
                f"({', '.join(levels)}) shows the rating the group agreed for challenge {c.number}, "
                f"on a scale of 1 to {scale_max}. The table after the chart gives the same numbers."
            ),
            series=levels,
            groups=tuple(
                Group(
                    label=round_label(r),
                    bars=tuple(
                        Bar(
                            lv.label,
                            progress.agreed[r.pk].get((c.number, lv.key)),
                            note="No agreed rating",
                        )
                        for lv in progress.levels
                    ),
                )
                for r in progress.rounds
            ),
            scale_max=scale_max,
            row_heading="Round",
            missing="No agreed rating",
        )
        for c in progress.challenges
    ]
    return ProgressReport(
        latest=latest_chart,
        trends=trends,
        priorities=[
            RoundPriorities(round=r, label=round_label(r), priorities=progress.priorities[r.pk])
            for r in reversed(progress.rounds)
        ],
        round_count=len(progress.rounds),
        latest_label=round_label(latest),
        scale=progress.scale,
    )
