"""The Redis cache keeps one client per connection pool instead of making one per call."""

from __future__ import annotations

import os

import pytest

from recoverynet.core.redis_cache import RedisCache


def test_one_client_per_pool_and_no_connection_to_make_it() -> None:
    cache = RedisCache("redis://127.0.0.1:6379/13", {})
    client = cache._cache  # type: ignore[attr-defined]
    first = client.get_client(write=True)
    assert client.get_client() is first  # one server: reads and writes share the pool
    assert first.connection_pool is client._get_connection_pool(True)


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (CI's PostgreSQL run)")
def test_it_still_stores_and_reads_from_several_threads() -> None:
    from concurrent.futures import ThreadPoolExecutor

    cache = RedisCache(os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/12", {})
    cache.set("t-0", 0)

    def bump(_: int) -> None:
        cache.incr("t-0")

    with ThreadPoolExecutor(8) as pool:
        list(pool.map(bump, range(200)))
    assert cache.get("t-0") == 200
    cache.delete("t-0")
