"""The client's self-assessment before and after, compared challenge by challenge and level by
level, through the challenges app's own selectors (`round_get`, `round_grid`: access checked
there) and its suppression rules.

For each cell the figure compared is the agreed rating where the round agreed one; otherwise the
median of the raters' ratings, shown only when at least `SUPPRESS_PEOPLE_BELOW` people rated it
(one or two people's median would be their own ratings). Perspective medians come from the
challenges app's `Cell.perspective_medians`, which already leaves out groups below the threshold.
Rounds of different versions of the framework are matched by challenge number and level key."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.core import aggregates
from recoverynet.core.errors import NotFound

from .engagements import Found, View


@dataclass(frozen=True)
class Figure:
    value: Decimal | None
    source: str  # "agreed", "median", "hidden" (too few raters) or "none"

    @property
    def text(self) -> str:
        if self.value is not None:
            return f"{self.value.normalize():f}" + (" (agreed)" if self.source == "agreed" else "")
        return "Hidden: too few people rated it" if self.source == "hidden" else "Not rated"


@dataclass(frozen=True)
class LevelChange:
    level: str
    key: str
    before: Figure
    after: Figure

    @property
    def change(self) -> Decimal | None:
        if self.before.value is None or self.after.value is None:
            return None
        return self.after.value - self.before.value

    @property
    def change_text(self) -> str:
        change = self.change
        if change is None:
            return "Cannot compare"
        if change == 0:
            return "No change"
        word = "Up" if change > 0 else "Down"
        return f"{word} {abs(change).normalize():f}"


@dataclass(frozen=True)
class ChallengeChange:
    number: int
    title: str
    levels: list[LevelChange]


@dataclass(frozen=True)
class RoundComparison:
    before: Any
    after: Any
    rows: list[ChallengeChange]
    minimum: int
    scale: list[tuple[int, str]] = field(default_factory=list)

    @property
    def improved(self) -> int:
        return sum(1 for r in self.rows for c in r.levels if c.change is not None and c.change > 0)

    @property
    def declined(self) -> int:
        return sum(1 for r in self.rows for c in r.levels if c.change is not None and c.change < 0)


def _figures(grid: Any, minimum: int) -> dict[tuple[int, str], Figure]:
    out: dict[tuple[int, str], Figure] = {}
    for challenge, cells in grid.rows():
        for cell in cells:
            key = (challenge.number, cell.level.key)
            if cell.consensus is not None:
                out[key] = Figure(Decimal(cell.consensus.value), "agreed")
            elif len(cell.values) >= minimum:
                median = Decimal(str(statistics.median(cell.values)))
                out[key] = Figure(median, "median")
            elif cell.values:
                out[key] = Figure(None, "hidden")
            else:
                out[key] = Figure(None, "none")
    return out


def rounds_compared(*, actor: Actor, found: Found) -> RoundComparison | None:
    """None unless both rounds are linked and the actor may see both (never for a buddying
    partner's view)."""
    engagement = found.engagement
    if found.view == View.BUDDY or not (engagement.round_before and engagement.round_after):
        return None
    try:
        before = challenge_selectors.round_get(actor=actor, public_id=engagement.round_before)
        after = challenge_selectors.round_get(actor=actor, public_id=engagement.round_after)
        grid_before = challenge_selectors.round_grid(actor=actor, round_=before)
        grid_after = challenge_selectors.round_grid(actor=actor, round_=after)
    except NotFound:
        return None
    minimum = aggregates.people_minimum()
    old = _figures(grid_before, minimum)
    new = _figures(grid_after, minimum)
    none = Figure(None, "none")
    rows = [
        ChallengeChange(
            number=challenge.number,
            title=challenge.title,
            levels=[
                LevelChange(
                    level=level.label,
                    key=level.key,
                    before=old.get((challenge.number, level.key), none),
                    after=new.get((challenge.number, level.key), none),
                )
                for level in grid_after.levels
            ],
        )
        for challenge in grid_after.challenges
    ]
    return RoundComparison(before=before, after=after, rows=rows, minimum=minimum)
