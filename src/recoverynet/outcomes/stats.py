"""Cohort figures for before-and-after scores: mean change with its 95 % interval, reliable change
proportions (Jacobson–Truax) and the meaningful-change proportion, with suppression of small
counts (and of anything that could be worked out from them). Pure: no database."""

from __future__ import annotations

import math
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

from .instruments.scoring import DETERIORATED, IMPROVED, NO_CHANGE, classify, meaningful_improvement

# Two-sided 95 % critical values of Student's t by degrees of freedom; between listed values the
# next smaller df is used (a slightly wider, safer interval).
T_975 = {
    1: 12.706, 2: 4.303, 3: 3.182, 4: 2.776, 5: 2.571, 6: 2.447, 7: 2.365, 8: 2.306, 9: 2.262,
    10: 2.228, 11: 2.201, 12: 2.179, 13: 2.160, 14: 2.145, 15: 2.131, 16: 2.120, 17: 2.110,
    18: 2.101, 19: 2.093, 20: 2.086, 21: 2.080, 22: 2.074, 23: 2.069, 24: 2.064, 25: 2.060,
    26: 2.056, 27: 2.052, 28: 2.048, 29: 2.045, 30: 2.042, 40: 2.021, 60: 2.000, 120: 1.980,
}  # fmt: skip


def t_critical(df: int) -> float:
    if df < 1:
        raise ValueError("At least one degree of freedom is needed.")
    usable = [d for d in T_975 if d <= df]
    return 1.960 if df > 1000 else T_975[max(usable)]


@dataclass(frozen=True)
class Category:
    key: str
    label: str
    count: int | None  # None: suppressed
    percent: float | None


@dataclass(frozen=True)
class CohortFigures:
    # Counts of people; None in a published figure where the count is below `minimum`.
    n_baseline: int | None
    n_follow_up: int | None
    n_paired: int | None
    minimum: int
    shown: bool  # False: fewer paired people than the minimum, so nothing derived is shown
    mean_before: float | None = None
    mean_after: float | None = None
    mean_change: float | None = None
    ci_low: float | None = None
    ci_high: float | None = None
    reliable: tuple[Category, ...] = ()
    meaningful: Category | None = None


def mean_change_ci(changes: Sequence[float]) -> tuple[float, float, float]:
    """The mean of the paired changes and its 95 % confidence interval (t distribution)."""
    if len(changes) < 2:
        raise ValueError("At least two pairs are needed for an interval.")
    mean = statistics.fmean(changes)
    half = t_critical(len(changes) - 1) * statistics.stdev(changes) / math.sqrt(len(changes))
    return mean, mean - half, mean + half


def suppress_categories(counts: dict[str, int], minimum: int) -> dict[str, int | None]:
    """Counts below `minimum` hidden; when exactly one is hidden, the next smallest is hidden too,
    so that it cannot be worked out from the total."""
    hidden = {k for k, v in counts.items() if v < minimum}
    if len(hidden) == 1 and len(counts) > 1:
        rest = sorted((v, k) for k, v in counts.items() if k not in hidden)
        hidden.add(rest[0][1])
    return {k: (None if k in hidden else v) for k, v in counts.items()}


def _percent(count: int | None, total: int) -> float | None:
    return None if count is None else round(100 * count / total, 1)


LABELS = {
    IMPROVED: "Reliably improved",
    NO_CHANGE: "No reliable change",
    DETERIORATED: "Reliably deteriorated",
}


def cohort(
    *,
    n_baseline: int,
    n_follow_up: int,
    pairs: Sequence[tuple[float, float]],
    sem: float | None,
    meaningful: float | None,
    higher_is_better: bool,
    minimum: int,
) -> CohortFigures:
    n = len(pairs)
    if n < minimum or n < 2:
        return CohortFigures(n_baseline, n_follow_up, n, minimum, shown=False)
    changes = [after - before for before, after in pairs]
    mean, low, high = mean_change_ci(changes)
    reliable: tuple[Category, ...] = ()
    if sem is not None:
        counts = dict.fromkeys(LABELS, 0)
        for before, after in pairs:
            counts[classify(before, after, sem=sem, higher_is_better=higher_is_better)] += 1
        shown_counts = suppress_categories(counts, minimum)
        reliable = tuple(
            Category(k, LABELS[k], shown_counts[k], _percent(shown_counts[k], n)) for k in LABELS
        )
    meaningful_category = None
    if meaningful is not None:
        above = sum(
            1
            for before, after in pairs
            if meaningful_improvement(
                before, after, threshold=meaningful, higher_is_better=higher_is_better
            )
        )
        shown_counts = suppress_categories({"above": above, "below": n - above}, minimum)
        meaningful_category = Category(
            "meaningful",
            f"Improved by at least {meaningful:g} points",
            shown_counts["above"],
            _percent(shown_counts["above"], n),
        )
    return CohortFigures(
        n_baseline,
        n_follow_up,
        n,
        minimum,
        shown=True,
        mean_before=round(statistics.fmean(b for b, _ in pairs), 2),
        mean_after=round(statistics.fmean(a for _, a in pairs), 2),
        mean_change=round(mean, 2),
        ci_low=round(low, 2),
        ci_high=round(high, 2),
        reliable=reliable,
        meaningful=meaningful_category,
    )
