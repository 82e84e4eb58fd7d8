"""The figures behind published results (decision 0033): each *cell* is one instrument and one
follow-up, computed from a *basis* — pseudonym id → "baseline response id|follow-up response id" —
that is stored with the published cell (never shown) so that the next snapshot can tell how many
people joined or changed in that cell. Scores are never copied into a snapshot's basis; only the
ids of finished (unchangeable) responses.

A collection's cells are computed from its live answers when a snapshot is published; a pool's
cells (a Recovery College, a network) only from its collections' *published* cells, so a pool
can never show what its collections' snapshots do not."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from recoverynet.core import aggregates

from .. import stats
from ..instruments import Definition, parse
from ..models import Collection, InstrumentVersion, Response, ResponseStatus

KIND_COLLECTION = "outcomes.collection"
KIND_POOL = "outcomes.pool"


@dataclass(frozen=True)
class LiveCell:
    key: str
    meta: dict[str, Any]  # instrument ("code:version"), instrument_name, follow_up, label, position
    basis: dict[str, str]


def needed_change() -> int:
    """People who must have joined or changed in a cell before its figures move: the people
    threshold (and never fewer than the kernel's snapshot minimum)."""
    return max(aggregates.snapshot_min_change(), aggregates.people_minimum())


def collection_scope(collection: Collection) -> str:
    return str(collection.public_id)


def live_collection_cells(collection: Collection) -> dict[str, LiveCell]:
    """The collection's cells as they would be published now (inside the publishing service)."""
    timepoints = list(collection.timepoints.order_by("position"))
    if len(timepoints) < 2:
        return {}
    baseline, follow_ups = timepoints[0], timepoints[1:]
    found: dict[tuple[int, int], dict[int, int]] = {}
    for response_id, instrument_id, timepoint_id, pseudonym_id in Response.objects.filter(
        timepoint__collection=collection, status=ResponseStatus.COMPLETE, score__isnull=False
    ).values_list("id", "instrument_id", "timepoint_id", "pseudonym_id"):
        found.setdefault((instrument_id, timepoint_id), {})[pseudonym_id] = response_id
    cells = {}
    for instrument in collection.instruments.order_by("code", "version"):
        before = found.get((instrument.pk, baseline.pk), {})
        for follow_up in follow_ups:
            after = found.get((instrument.pk, follow_up.pk), {})
            key = f"{instrument.code}:{instrument.version}:{follow_up.position}"
            cells[key] = LiveCell(
                key=key,
                meta={
                    "instrument": f"{instrument.code}:{instrument.version}",
                    "instrument_name": instrument.name,
                    "follow_up": follow_up.kind,
                    "label": follow_up.get_kind_display(),
                    "position": follow_up.position,
                },
                basis={
                    str(p): f"{before.get(p, '')}|{after.get(p, '')}"
                    for p in sorted(before.keys() | after.keys())
                },
            )
    return cells


def pool_cells(snapshots: Iterable[Mapping[str, Any]]) -> dict[str, LiveCell]:
    """A pool's cells from its collections' published cells (the `data` of each latest
    snapshot): per instrument version, the follow-up at the end and the first later follow-up."""
    cells: dict[str, LiveCell] = {}
    for data in snapshots:
        published = data.get("cells", {})
        first_later = min(
            (c["position"] for c in published.values() if c["follow_up"] == "later"), default=None
        )
        for cell in published.values():
            if cell["follow_up"] == "later" and cell["position"] != first_later:
                continue
            key = f"{cell['instrument']}:{cell['follow_up']}"
            found = cells.get(key)
            meta = {
                "instrument": cell["instrument"],
                "instrument_name": cell["instrument_name"],
                "follow_up": cell["follow_up"],
                "label": cell["label"],
                "position": None,
            }
            basis = {**(found.basis if found else {}), **cell.get("basis", {})}
            cells[key] = LiveCell(key=key, meta=meta, basis=basis)
    return cells


def _definition(instrument: str) -> Definition | None:
    code, _, version = instrument.partition(":")
    found = InstrumentVersion.objects.filter(code=code, version=int(version)).first()
    return parse(found.definition) if found else None


def compute(cell: LiveCell, basis: Mapping[str, str]) -> dict[str, Any]:
    """The published form of a cell: its labels and its figures, every count of people below the
    threshold already replaced by None (nothing small is ever stored)."""
    ids: set[int] = set()
    parsed = []
    for value in basis.values():
        before, _, after = value.partition("|")
        parsed.append((int(before) if before else None, int(after) if after else None))
        ids.update(i for i in parsed[-1] if i is not None)
    scores = {
        pk: float(score)
        for pk, score in Response.objects.filter(pk__in=ids, score__isnull=False).values_list(
            "pk", "score"
        )
        if score is not None
    }
    befores = [scores[b] for b, _ in parsed if b in scores]
    afters = [scores[a] for _, a in parsed if a in scores]
    pairs = [(scores[b], scores[a]) for b, a in parsed if b in scores and a in scores]
    definition = _definition(cell.meta["instrument"])
    minimum = aggregates.people_minimum()
    figures = stats.cohort(
        n_baseline=len(befores),
        n_follow_up=len(afters),
        pairs=pairs,
        sem=definition.change.sem if definition else None,
        meaningful=definition.change.meaningful if definition else None,
        higher_is_better=definition.higher_is_better if definition else True,
        minimum=minimum,
    )
    return {**cell.meta, "figures": figures_dump(figures)}


def figures_dump(f: stats.CohortFigures) -> dict[str, Any]:
    def shown(n: int | None) -> int | None:
        return n if n is not None and n >= f.minimum else None

    return {
        "n_baseline": shown(f.n_baseline),
        "n_follow_up": shown(f.n_follow_up),
        "n_paired": shown(f.n_paired),
        "minimum": f.minimum,
        "shown": f.shown,
        "mean_before": f.mean_before,
        "mean_after": f.mean_after,
        "mean_change": f.mean_change,
        "ci_low": f.ci_low,
        "ci_high": f.ci_high,
        "reliable": [c.__dict__ for c in f.reliable],
        "meaningful": f.meaningful.__dict__ if f.meaningful else None,
    }


def figures_load(data: Mapping[str, Any]) -> stats.CohortFigures:
    return stats.CohortFigures(
        n_baseline=data["n_baseline"],
        n_follow_up=data["n_follow_up"],
        n_paired=data["n_paired"],
        minimum=data["minimum"],
        shown=data["shown"],
        mean_before=data["mean_before"],
        mean_after=data["mean_after"],
        mean_change=data["mean_change"],
        ci_low=data["ci_low"],
        ci_high=data["ci_high"],
        reliable=tuple(stats.Category(**c) for c in data["reliable"]),
        meaningful=stats.Category(**data["meaningful"]) if data["meaningful"] else None,
    )


def changed_since(previous: Mapping[str, Any] | None, live: Mapping[str, LiveCell]) -> int:
    """The most people who joined or changed in any one cell since it was published."""
    cells = {**(previous or {}).get("withheld", {}), **(previous or {}).get("cells", {})}
    return max(
        (
            aggregates.contribution_changes(cells.get(k, {}).get("basis", {}), c.basis)
            for k, c in live.items()
        ),
        default=0,
    )
