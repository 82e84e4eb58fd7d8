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


@pytest.mark.skipif(not os.environ.get("REDIS_URL"), reason="needs Redis (CI's PostgreSQL run)")
def test_topics_bumped_in_one_round_trip_start_new_and_only_go_up() -> None:
    # page_cache.bump through Redis: a version never read starts at a first version from the
    # clock (never an earlier one), an existing one goes up by one, and the cache reads both.
    from django.core.cache import cache

    from recoverynet.core import page_cache

    first, second = "bump-test-a", "bump-test-b"
    cache.delete_many([page_cache._VERSION.format(t) for t in (first, second)])
    before = page_cache._first_version()
    page_cache.bump(first)
    started = int(page_cache.versions(first))
    assert started > before
    page_cache.bump(first, second)
    assert page_cache.versions(first, second).split(".")[0] == str(started + 1)
    second_started = int(page_cache.versions(second))
    assert second_started > before
    page_cache.bump(second)
    assert int(page_cache.versions(second)) == second_started + 1
