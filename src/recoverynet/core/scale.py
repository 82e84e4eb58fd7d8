"""Large installations for benchmarks: `recoverynet generate_scale` (issue #17).

Each app that holds bulk data has a `scale.py` that calls `register()`; the command discovers them
(`autodiscover_modules("scale")`, so core names no app) and runs them in order. A generator writes
with `bulk()` (batched `bulk_create`, progress on stderr) and leaves the ids it made in `ctx.ids` for
the generators after it, e.g. `ctx.ids["network.organisations"]`.

Everything is derived from one seed and one anchor date, so two runs with the same `--seed`,
`--factor` and `--anchor` build the same installation (ids aside, which the database assigns).
"""

from __future__ import annotations

import datetime
import random
import sys
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from itertools import islice
from typing import TextIO, TypeVar

from django.db import models

M = TypeVar("M", bound=models.Model)

BATCH = 5_000


@dataclass
class ScaleContext:
    """What every generator shares: the random source, the size factor, the calendar anchor, the
    ids made so far, and where progress goes."""

    rng: random.Random
    factor: float
    anchor: datetime.datetime
    out: TextIO = sys.stderr
    ids: dict[str, list[int]] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)

    def n(self, full_size: int, *, minimum: int = 1) -> int:
        """`full_size` at factor 1.0 (the sizes in issue #17), scaled, never below `minimum`."""
        return max(minimum, round(full_size * self.factor))

    def uuid(self) -> uuid.UUID:
        """A version-4 UUID from the seeded source (uuid4() would make every run differ)."""
        return uuid.UUID(int=self.rng.getrandbits(128), version=4)

    def moment(self, *, days_before: int, days_after: int) -> datetime.datetime:
        """A time between `days_before` the anchor and `days_after` it, on a quarter hour."""
        minutes = self.rng.randint(-days_before * 96, days_after * 96) * 15
        return self.anchor + datetime.timedelta(minutes=minutes)

    def pick(self, key: str) -> int:
        return self.rng.choice(self.ids[key])


@dataclass(frozen=True)
class Generator:
    name: str
    order: int
    run: Callable[[ScaleContext], None]

    @property
    def app(self) -> str:
        """The app label of the `scale.py` that registered it (recoverynet.<app>.scale)."""
        return self.run.__module__.split(".")[1]


_GENERATORS: dict[str, Generator] = {}


def register(name: str, order: int, run: Callable[[ScaleContext], None]) -> None:
    _GENERATORS[name] = Generator(name=name, order=order, run=run)


def generators(apps: set[str] | None = None) -> list[Generator]:
    """In order; only those of `apps` when given (a later generator may need an earlier one's ids)."""
    chosen = [g for g in _GENERATORS.values() if apps is None or g.app in apps]
    return sorted(chosen, key=lambda g: g.order)


class Progress:
    """A one-line progress bar on stderr for a step of `total` rows."""

    def __init__(self, ctx: ScaleContext, label: str, total: int) -> None:
        self.ctx, self.label, self.total = ctx, label, total
        self.done = 0
        self.started = time.monotonic()

    def step(self, rows: int) -> None:
        self.done += rows
        share = min(1.0, self.done / self.total) if self.total else 1.0
        rate = self.done / max(time.monotonic() - self.started, 1e-6)
        bar = "#" * int(30 * share)
        self.ctx.out.write(
            f"\r  {self.label:<24} [{bar:<30}] {self.done:>9,}/{self.total:,}  {rate:>8,.0f} rows/s"
        )
        self.ctx.out.flush()

    def close(self) -> None:
        self.ctx.out.write("\n")
        self.ctx.counts[self.label] = self.ctx.counts.get(self.label, 0) + self.done


def insert(ctx: ScaleContext, model: type[M], batch: list[M]) -> list[M]:
    """One batched insert; the returned objects carry their new primary keys."""
    return model._default_manager.bulk_create(batch, batch_size=BATCH)


def bulk(
    ctx: ScaleContext,
    label: str,
    model: type[M],
    rows: Iterable[M],
    total: int,
    *,
    keep_ids: str | None = None,
) -> int:
    """Insert `rows` (a generator, so memory stays flat) in batches, showing progress; keep the new
    primary keys under `keep_ids` when later generators need them. Returns the number inserted."""
    progress = Progress(ctx, label, total)
    kept: list[int] = ctx.ids.setdefault(keep_ids, []) if keep_ids else []
    iterator: Iterator[M] = iter(rows)
    while batch := list(islice(iterator, BATCH)):
        made = insert(ctx, model, batch)
        if keep_ids:
            kept.extend(int(obj.pk) for obj in made)
        progress.step(len(batch))
    progress.close()
    return progress.done


@contextmanager
def own_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Inserts inside keep the `created_at`/`updated_at` they are given (a dated history), where
    `auto_now(_add)` would stamp every row with the moment of the run. Every row must set both."""
    changed = [
        (f, f.auto_now, f.auto_now_add)
        for m in model_classes
        for f in m._meta.concrete_fields
        if isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
    ]
    for f, _now, _add in changed:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, now, add in changed:
            f.auto_now, f.auto_now_add = now, add
