"""PostgreSQL read replica for reports, exports and search — by explicit opt-in only.

`DATABASE_REPLICA_URL` adds a database alias `replica` (settings.py). Without it every read goes to
the primary and everything here is a no-op.

A selector opts in one of two ways:

- `with replica.reads():` (or `@replica.reads()` on a function that reads eagerly and returns
  values, such as a report): every read inside goes to the replica;
- `return replica.using_replica(qs)` for a selector that returns a lazy queryset (a search list):
  the queryset is pinned to the replica when it is built.

Never opt in for availability or capacity checks, for anything a write depends on, or for a page
that must show what the person has just changed: a replica can be a moment behind. Reads inside a
transaction on the primary (`connection.in_atomic_block`, e.g. every service) always stay on the
primary, opt-in or not, so a service can never base a write on a replica's copy. Writes and
migrations always go to the primary.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any, TypeVar

from django.conf import settings
from django.db import connections
from django.db.models import Model, QuerySet

PRIMARY = "default"
REPLICA = "replica"

_reading = contextvars.ContextVar("recoverynet_replica_reads", default=False)

Q = TypeVar("Q", bound=QuerySet[Any])


def configured() -> bool:
    return REPLICA in settings.DATABASES


def _read_alias() -> str:
    """The replica if it is configured and we are not inside a transaction on the primary."""
    if configured() and not connections[PRIMARY].in_atomic_block:
        return REPLICA
    return PRIMARY


@contextmanager
def reads() -> Iterator[None]:
    """Reads inside go to the replica (see the module docstring). Also a decorator."""
    token = _reading.set(True)
    try:
        yield
    finally:
        _reading.reset(token)


@contextmanager
def primary() -> Iterator[None]:
    """Reads inside go to the primary, even within `reads()`: for values kept for later requests
    (core.versioned), which must not keep a lagging replica's copy."""
    token = _reading.set(False)
    try:
        yield
    finally:
        _reading.reset(token)


def using_replica(qs: Q) -> Q:
    """The queryset pinned to the replica (or the primary, by the same rules as `reads`)."""
    return qs.using(_read_alias())


class ReplicaRouter:
    """Listed in DATABASE_ROUTERS. Answers for every model, so an object read from the replica
    never drags later reads of its relations there outside `reads()`."""

    def db_for_read(self, model: type[Model], **hints: Any) -> str:
        return _read_alias() if _reading.get() else PRIMARY

    def db_for_write(self, model: type[Model], **hints: Any) -> str:
        return PRIMARY

    def allow_relation(self, obj1: Model, obj2: Model, **hints: Any) -> bool:
        return True  # the replica is a copy of the primary: the same rows

    def allow_migrate(self, db: str, app_label: str, **hints: Any) -> bool:
        return db == PRIMARY
