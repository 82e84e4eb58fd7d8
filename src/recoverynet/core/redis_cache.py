"""Django's Redis cache, keeping one client per connection pool.

Django's `RedisCacheClient.get_client` makes a new `redis.Redis` object for every cache call, and
each one fills about 170 response callbacks (0.06 ms here). A booking makes four cache calls after
commit, and every public page served from the page cache two, so that was measurable (issue #17).
`redis.Redis` is safe to share between threads (each command takes a connection from the pool),
and the pool itself notices a fork and starts afresh in the child, so one per pool is enough.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import caches
from django.core.cache.backends import redis as django_redis


class RedisCacheClient(django_redis.RedisCacheClient):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        # Both are Django's own (undeclared in django-stubs): the pool for this call, and redis.Redis.
        pool = self._get_connection_pool(write)  # type: ignore[attr-defined]
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)  # type: ignore[attr-defined]
        return client


class RedisCache(django_redis.RedisCache):
    def __init__(self, server: str, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = RedisCacheClient

    def redis_client(self) -> Any:
        """The `redis.Redis` client of this cache's database, for what the cache API lacks (lists:
        core/outbox_handover.py). Keys used through it get no cache prefix or version."""
        return self._cache.get_client(write=True)


def default_redis_client() -> Any | None:
    """The default cache's `redis.Redis` client, or None when that cache is not Redis (tests,
    development without `REDIS_URL`)."""
    backend = caches["default"]  # the backend itself (`cache` is a proxy to it)
    return backend.redis_client() if isinstance(backend, RedisCache) else None
