"""Aggregates that others can see: the one place that makes them safe.

Three tools, used together (decision 0009):

- **Suppression**: a count or a spread over fewer people than `SUPPRESS_PEOPLE_BELOW` (8) or fewer
  organisations than `SUPPRESS_ORGANISATIONS_BELOW` (5) is not shown: `suppressed`, `count_text`,
  `spread`, `groups_at_least`, `group_counts`.
- **Coarsening**: counts as bands ("20 to 49") rather than exact numbers that tick up one by one
  (`band`), and medians and quartiles to the nearest half point (`coarse`).
- **Snapshots**: an aggregate that changes as its contributors come and go (a network benchmark)
  is shown only as published snapshots with their contributing set frozen; a new snapshot needs
  at least `SNAPSHOT_MIN_CHANGE` contributors added, removed or changed since the last one, so two
  snapshots cannot be differenced to recover one contributor (`snapshot_publish`,
  `snapshot_latest`, `contribution_changes`).
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, TypeVar

from django.conf import settings
from django.db import transaction

from . import audit
from .audit import AnyActor
from .errors import ApplicationError
from .models import AggregateSnapshot

K = TypeVar("K")
V = TypeVar("V")


def people_minimum() -> int:
    return int(settings.SUPPRESS_PEOPLE_BELOW)


def organisations_minimum() -> int:
    return int(settings.SUPPRESS_ORGANISATIONS_BELOW)


def snapshot_min_change() -> int:
    """At least 2, whatever the setting: with 1, a single departure could be isolated."""
    return max(2, int(settings.SNAPSHOT_MIN_CHANGE))


# --- Suppression ----------------------------------------------------------------------------------


def suppressed(count: int, minimum: int) -> int | None:
    """`count`, or None when it is below `minimum` (and not zero-sized by design: 0 is below too)."""
    return count if count >= minimum else None


def count_text(count: int, minimum: int, noun: str = "people") -> str:
    """ "12 people", or "Fewer than 8 people" below the minimum."""
    return f"{count} {noun}" if count >= minimum else f"Fewer than {minimum} {noun}"


def coarse(value: float, step: str = "0.5") -> float:
    """Round to the nearest `step` (half up): 2.25 → 2.5, 2.2 → 2.0 with the default half point."""
    unit = Decimal(step)
    return float((Decimal(str(value)) / unit).quantize(Decimal(1), ROUND_HALF_UP) * unit)


@dataclass(frozen=True)
class Spread:
    contributors: int
    suppressed: bool
    median: float | None = None
    lower_quartile: float | None = None
    upper_quartile: float | None = None


def spread(values: Sequence[float], *, minimum: int, step: str | None = "0.5") -> Spread:
    """Median and quartiles of `values`, coarsened to `step` (None keeps them exact), or nothing
    but the count when there are fewer than `minimum` values."""
    if len(values) < minimum or not values:
        return Spread(contributors=len(values), suppressed=True)
    data = sorted(values)
    median = float(statistics.median(data))
    if len(data) > 1:
        q1, _, q3 = statistics.quantiles(data, n=4, method="inclusive")
    else:
        q1 = q3 = data[0]
    figures = [median, float(q1), float(q3)]
    if step is not None:
        figures = [coarse(f, step) for f in figures]
    return Spread(
        contributors=len(data),
        suppressed=False,
        median=figures[0],
        lower_quartile=figures[1],
        upper_quartile=figures[2],
    )


def groups_at_least(groups: Mapping[K, Sequence[V]], minimum: int) -> dict[K, Sequence[V]]:
    """Only the groups with at least `minimum` members: what a per-group figure may be taken from."""
    return {key: members for key, members in groups.items() if len(members) >= minimum}


@dataclass(frozen=True)
class GroupCounts:
    shown: list[tuple[str, int]]  # (group, count) for groups at or over the minimum
    not_shown: int  # everyone else: in smaller groups, or in none
    minimum: int


def group_counts(keys: Iterable[str], minimum: int) -> GroupCounts:
    """How many people are in each group (e.g. each perspective), showing only groups of at least
    `minimum`; people in smaller groups or in no group ("" key) are counted together, unnamed."""
    counts: dict[str, int] = {}
    for key in keys:
        counts[key] = counts.get(key, 0) + 1
    shown = sorted(
        ((key, n) for key, n in counts.items() if key and n >= minimum), key=lambda kv: kv[0]
    )
    total = sum(counts.values())
    return GroupCounts(shown=shown, not_shown=total - sum(n for _, n in shown), minimum=minimum)


# --- Coarse bands ---------------------------------------------------------------------------------

BAND_EDGES = (10, 20, 50, 100, 200, 500, 1000)


@dataclass(frozen=True)
class Band:
    low: int | None  # None below the minimum
    high: int | None  # None for the open top band (and below the minimum)
    label: str


def band(count: int, *, minimum: int, edges: Sequence[int] = BAND_EDGES) -> Band:
    """A count as a band: "Fewer than 8", "8 to 9", "10 to 19" … "1,000 or more"."""
    if count < minimum:
        return Band(low=None, high=None, label=f"Fewer than {minimum}")
    low = minimum
    for edge in edges:
        if edge <= minimum:
            continue
        if count < edge:
            return Band(low=low, high=edge - 1, label=f"{low:,} to {edge - 1:,}")
        low = edge
    return Band(low=low, high=None, label=f"{low:,} or more")


# --- Snapshots ------------------------------------------------------------------------------------


def contribution_changes(previous: Mapping[str, str], current: Mapping[str, str]) -> int:
    """How many contributors differ between two contributing sets: added, removed, or contributing
    something different (e.g. a newer round)."""
    keys = set(previous) | set(current)
    return sum(1 for key in keys if previous.get(key) != current.get(key))


def refresh_cells(
    previous: Mapping[str, dict[str, Any]],
    live: Mapping[str, Mapping[str, str]],
    compute: Callable[[Mapping[str, str]], dict[str, Any]],
    needed: int,
) -> tuple[dict[str, dict[str, Any]], int]:
    """The cells of a new snapshot, and how many of them changed.

    Each cell is judged on its own: it gets new figures (`compute(values)`, stored with the values
    as its `basis`) only where at least `needed` contributors joined, left or changed *their value
    in that cell* since the cell was last published; otherwise it keeps its published figures.
    Counting whole contributions is not enough: an organisation that closes a new round with the
    same ratings, or a cell where only one organisation moved, would let two snapshots be
    differenced down to one organisation's value."""
    cells: dict[str, dict[str, Any]] = {}
    refreshed = 0
    for key, values in live.items():
        earlier = previous.get(key)
        basis = {str(k): str(v) for k, v in values.items()}
        if earlier is not None and contribution_changes(earlier.get("basis", {}), basis) < needed:
            cells[key] = earlier
            continue
        cells[key] = {**compute(basis), "basis": basis}
        refreshed += 1
    return cells, refreshed


def snapshot_latest(*, kind: str, scope: str) -> AggregateSnapshot | None:
    return (
        AggregateSnapshot.objects.filter(kind=kind, scope=scope)
        .order_by("-created_at", "-id")
        .first()
    )


@transaction.atomic
def snapshot_publish(
    *,
    actor: AnyActor | None,
    kind: str,
    scope: str,
    contributors: Mapping[str, str],
    data: dict[str, Any],
    minimum_change: int | None = None,
    cells_refreshed: int | None = None,
) -> AggregateSnapshot:
    """Store a new snapshot, unless too few contributors changed since the last one. The caller
    checks access and holds a lock that serialises publishing for the scope (e.g. on the network
    row); the first snapshot of a scope is always allowed (its figures are suppressed as usual)."""
    needed = max(2, minimum_change if minimum_change is not None else snapshot_min_change())
    previous = snapshot_latest(kind=kind, scope=scope)
    frozen = {str(k): str(v) for k, v in contributors.items()}
    if previous is not None and cells_refreshed is not None:
        # The caller judged each cell with `refresh_cells`; nothing new to show is no snapshot.
        if cells_refreshed == 0:
            raise ApplicationError(
                "too_little_change",
                f"Nothing can be updated yet: each figure needs at least {needed} organisations "
                "to have joined, left or changed their rating for it since it was last "
                "published. Otherwise the two snapshots together could show one organisation's "
                "results.",
                status=409,
            )
    elif previous is not None:
        changed = contribution_changes(previous.contributors, frozen)
        if changed < needed:
            raise ApplicationError(
                "too_little_change",
                f"A new snapshot needs at least {needed} organisations to have joined, left or "
                f"sent new results since the last one; {changed} have. Otherwise the two "
                "snapshots together could show one organisation's results.",
                status=409,
            )
    snapshot = AggregateSnapshot.objects.create(
        kind=kind,
        scope=scope,
        contributors=frozen,
        data=data,
        published_by_id=actor.pk if actor is not None and actor.is_authenticated else None,
    )
    audit.record(
        actor=actor,
        action="core.snapshot.published",
        obj=snapshot,
        changes={"kind": kind, "scope": scope, "contributors": len(frozen)},
    )
    return snapshot
