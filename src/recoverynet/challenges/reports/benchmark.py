"""The network benchmark page: the published snapshot's cells as rows and as a distribution chart
(medians with the middle half of organisations), suppressed below the organisations threshold."""

from __future__ import annotations

from dataclasses import dataclass

from recoverynet.core.charts import Bar, Chart, Group
from recoverynet.core.errors import NotFound

from .. import reference, selectors
from ..benchmarks import Benchmark, BenchmarkCell
from ..models import Framework
from .progress import TEN_CHALLENGES_FAMILY


def default_framework() -> Framework:
    """The current version of the Ten Organisational Challenges."""
    pk = reference.current_id(TEN_CHALLENGES_FAMILY)
    if pk is None:
        raise NotFound("The Ten Organisational Challenges are not set up on this site yet.")
    return selectors.framework_get(pk)


@dataclass
class BenchmarkLine:
    cell: BenchmarkCell
    named: list[int | None]  # each organisation's rating, in the order of named_organisations()


@dataclass
class BenchmarkRow:
    challenge_number: int
    challenge_title: str
    lines: list[BenchmarkLine]


def named_organisations(result: Benchmark) -> list[str]:
    """The organisations in the named table (network team only; empty for members)."""
    return sorted({name for cell in result.cells for name in cell.named})


def benchmark_rows(result: Benchmark) -> list[BenchmarkRow]:
    """The cells grouped by challenge, for the table (and, for the team, the named table)."""
    organisations = named_organisations(result)
    rows: list[BenchmarkRow] = []
    for cell in result.cells:
        if not rows or rows[-1].challenge_number != cell.challenge_number:
            rows.append(BenchmarkRow(cell.challenge_number, cell.challenge_title, []))
        rows[-1].lines.append(
            BenchmarkLine(cell=cell, named=[cell.named.get(name) for name in organisations])
        )
    return rows


def suppressed_text(minimum: int) -> str:
    return f"Not shown: fewer than {minimum} organisations took part"


def benchmark_chart(result: Benchmark) -> Chart:
    rows = benchmark_rows(result)
    levels = tuple(dict.fromkeys(c.level_label for c in result.cells))
    scale_max = max((p.value for p in result.framework.scale.all()), default=4)
    return Chart(
        id="chart-benchmark",
        title=f"{result.framework.name}: median agreed rating across {result.network.name}, with the middle half of organisations",
        description=(
            "For each challenge and level, a diamond marks the median of the organisations' latest agreed "
            "ratings and a line runs from the lower to the upper quartile. "
            f"Where fewer than {result.minimum} organisations took part, nothing is drawn. "
            "The table after the chart gives the same numbers."
        ),
        series=levels,
        groups=tuple(
            Group(
                label=f"{row.challenge_number}. {row.challenge_title}",
                bars=tuple(
                    Bar(
                        c.level_label,
                        None if c.suppressed else c.median,
                        low=c.lower_quartile,
                        high=c.upper_quartile,
                        note=f"Not shown: fewer than {result.minimum} organisations",
                    )
                    for c in (line.cell for line in row.lines)
                ),
            )
            for row in rows
        ),
        scale_max=scale_max,
        row_heading="Challenge",
        ranges=True,
    )
