"""Small, rarely changed values read on a hot path, kept in the shared cache under a version.

A value (webhook subscriptions of a network, a network's tax rates) is stored under the current
version of its topic (`page_cache.versions`); whoever changes what it was read from calls
`changed(topic)`, which bumps the version at once (for reads later in the same transaction) and
again after commit. A reader that raced the change stores what it read under a version nobody reads
again, so a change is never missed. Without a shared cache (no `REDIS_URL`) each process would keep
its own copy and miss another process's change, so the value is read every time.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.conf import settings
from django.core.cache import cache
from django.db import transaction

from . import page_cache

T = TypeVar("T")
KEEP_SECONDS = 24 * 3600


def read(topic: str, load: Callable[[], T]) -> T:
    if not settings.REDIS_URL:
        return load()
    key = f"versioned:{topic}:{page_cache.versions(topic)}"
    found: tuple[T] | None = cache.get(key)  # in a tuple, so a value of None is kept too
    if found is None:
        found = (load(),)
        cache.set(key, found, timeout=KEEP_SECONDS)
    return found[0]


def changed(topic: str) -> None:
    if not settings.REDIS_URL:
        return
    page_cache.bump(topic)
    transaction.on_commit(lambda: page_cache.bump(topic))
