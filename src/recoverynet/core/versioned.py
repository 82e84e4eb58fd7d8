"""Small, rarely changed values read on hot paths, kept in the shared cache under a version.

A value (a network's webhook subscriptions, its tax rates, the networks themselves, a framework's
challenges, a person's roles) is stored under the current version of its topic
(`page_cache.versions`). Whoever changes what it was read from calls `changed(topic)`, which bumps
the version at once (for reads later in the same transaction) and again after commit. A reader
that raced the change stores what it read under a version nobody reads again, so a change is never
missed.

Two guards keep a value honest:
- A read inside a transaction that changed the topic may see rows that are not committed (and may
  be rolled back), so it is not stored.
- Each process also keeps what it read under the exact versioned key (bounded), so a warm read is
  one round trip to Redis for the version. It keeps the pickled bytes and every read unpickles
  them: each caller gets its own copy (model instances included) to change as it likes, and no
  thread sees another's changes.

Without a shared cache (no `REDIS_URL`) each process would keep its own copy and miss another
process's change, so the value is read every time.
"""

from __future__ import annotations

import pickle
import threading
from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import connection, transaction

from . import page_cache, replica

T = TypeVar("T")
KEEP_SECONDS = 24 * 3600
_MEMO_LIMIT = 2048

_memo: dict[str, bytes] = {}
_changed_here = threading.local()  # topics changed in this thread's open transaction


def read(
    topic: str,
    load: Callable[[], T],
    *,
    part: str = "",
    keep: Callable[[T], bool] | None = None,
    seconds: int = KEEP_SECONDS,
) -> T:
    """`load()`, or what it gave under the topic's current version. `part` tells apart values of
    one topic (a network by its address: every network changes with the topic "networks").
    `keep` says whether a loaded value may be kept (by default, every one), `seconds` for how long
    at most (a value no key will ask for again should not wait a day to go)."""
    if not settings.REDIS_URL:
        return load()
    if _changed_in_this_transaction(topic):
        return load()
    key = f"versioned:{topic}:{page_cache.versions(topic)}:{part}"
    pickled = _memo.get(key)
    if pickled is None:
        pickled = cache.get(key)
        if pickled is None:
            with replica.primary():  # kept for later requests: never a lagging replica's copy
                value = load()
            if keep is None or keep(value):
                cache.set(key, pickle.dumps(value, pickle.HIGHEST_PROTOCOL), timeout=seconds)
            return value
        if len(_memo) >= _MEMO_LIMIT:
            _memo.clear()  # old versions are never read again: start afresh rather than age them
        _memo[key] = pickled
    # Bytes this module pickled itself, from the project's own cache (as Django's cache does).
    return pickle.loads(pickled)  # noqa: S301


def changed(topic: str) -> None:
    """What `topic`'s values are read from has changed (call it inside the writing transaction)."""
    if not settings.REDIS_URL:
        return
    if connection.in_atomic_block:
        _topics_changed().add(topic)
    page_cache.bump(topic)
    transaction.on_commit(lambda: page_cache.bump(topic))


def _topics_changed() -> set[str]:
    topics: set[str] | None = getattr(_changed_here, "topics", None)
    if topics is None:
        topics = _changed_here.topics = set()
    return topics


def _changed_in_this_transaction(topic: str) -> bool:
    topics = _topics_changed()
    if not connection.in_atomic_block:
        topics.clear()  # what was changed is committed or rolled back by now
        return False
    return topic in topics
