"""Which cells of a round can be agreed together: where the raters already agree. Read-only (used
by the selector and the service, which re-checks under the round's lock)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass

from .selectors import Cell, Grid

# The ratings of a cell are "in agreement" when they lie within this many points of each other and
# no two perspective groups differ (the disagreement flag, which keeps its own suppression rule).
AGREE_WITHIN = 1


@dataclass(frozen=True)
class Proposal:
    cell: Cell
    value: int  # the median, a whole point on the scale

    @property
    def key(self) -> str:
        return f"{self.cell.challenge.pk}-{self.cell.level.key}"


def proposal(cell: Cell) -> Proposal | None:
    """The median as the agreed rating, when the cell has no agreed rating yet, has ratings, the
    ratings are within `AGREE_WITHIN` points, perspectives do not differ and the median is a whole
    point. Anything else is agreed on its own, with the group."""
    values = cell.values
    if cell.consensus is not None or not values or cell.spread > AGREE_WITHIN:
        return None
    if cell.disagreement:
        return None
    median = statistics.median(values)
    if median != int(median):
        return None
    return Proposal(cell=cell, value=int(median))


def proposals(grid: Grid) -> list[Proposal]:
    found = (proposal(cell) for _, cells in grid.rows() for cell in cells)
    return [p for p in found if p is not None]


def rationale(cell: Cell) -> str:
    count = len(cell.values)
    rated = f"{count} rating{'s' if count != 1 else ''}"
    return f"Agreed together with other cells where the ratings agree: the middle of {rated}, all within {AGREE_WITHIN} point."
