"""Debate arithmetic, free of the database: shares, swing and the movement table.

Everything is counted from votes (never from counters). `swing` compares each option's share of
the votes in the after round with its share in the before round, in percentage points; the
`movement` table counts, for every voter who voted in both rounds, which option they moved from
and to."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

OPTIONS = ("for", "against", "undecided")


def counts_of(choices: Iterable[str]) -> dict[str, int]:
    counts = dict.fromkeys(OPTIONS, 0)
    for choice in choices:
        counts[choice] += 1
    return counts


def share(count: int, total: int) -> Decimal:
    """A percentage to one decimal place (half up); 0 when nobody voted."""
    if total <= 0:
        return Decimal("0.0")
    return (Decimal(100) * count / total).quantize(Decimal("0.1"), ROUND_HALF_UP)


def shares(counts: Mapping[str, int]) -> dict[str, Decimal]:
    total = sum(counts.values())
    return {option: share(counts.get(option, 0), total) for option in OPTIONS}


def swing(before: Mapping[str, int], after: Mapping[str, int]) -> dict[str, Decimal]:
    """The change in each option's share, after minus before, in percentage points."""
    b, a = shares(before), shares(after)
    return {option: a[option] - b[option] for option in OPTIONS}


@dataclass(frozen=True)
class Movement:
    table: dict[tuple[str, str], int]  # (before, after) -> voters
    paired: int  # voted in both rounds
    only_before: int
    only_after: int

    def moved(self) -> int:
        return sum(n for (b, a), n in self.table.items() if b != a)

    def count(self, before: str, after: str) -> int:
        return self.table.get((before, after), 0)


def movement(before: Mapping[str, str], after: Mapping[str, str]) -> Movement:
    """`before` and `after` map each voter (token) to their choice in that round."""
    table = {(b, a): 0 for b in OPTIONS for a in OPTIONS}
    paired = 0
    for voter, choice in before.items():
        later = after.get(voter)
        if later is None:
            continue
        table[(choice, later)] += 1
        paired += 1
    return Movement(
        table=table,
        paired=paired,
        only_before=len(before) - paired,
        only_after=sum(1 for voter in after if voter not in before),
    )
