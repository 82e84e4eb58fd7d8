"""Whole-page cache for the public pages people see signed out (issue #17: the events list, an
event, the member directory, an organisation, the newsletter archive).

A page is cached per path and query string with the current *version* of each topic it shows
("events", "directory", …). The app that owns the page says which domain events change a topic
(`invalidate_on`); each such event bumps the topic's version after commit, so the next visitor
gets a fresh page (which replaces the stale one). `settings.PAGE_CACHE_SECONDS` bounds how
stale a page can be for changes no event announces.

Only requests without a session or messages cookie are served from or stored in the cache: a
signed-in person, or one with a message waiting, always gets their own page. Nothing that set a
cookie or used a CSRF token (a form) is stored. The cache must be shared by every process (Redis:
the settings turn caching off, `PAGE_CACHE_SECONDS = 0`, without `REDIS_URL`), or a version bump
in one worker would not reach the others.
"""

from __future__ import annotations

import functools
import hashlib
import time
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers
from django.utils.translation import get_language

from . import domain_events

View = Callable[..., HttpResponse]
_VERSION = "page-cache:version:{}"


def invalidate_on(topic: str, *event_names: str) -> None:
    """Bump `topic` whenever one of these domain events happens (call from AppConfig.ready)."""
    for name in event_names:
        domain_events.subscribe(name, _bumper(topic))


@functools.cache
def _bumper(topic: str) -> Callable[[domain_events.DomainEvent], None]:
    # One handler per topic (cached), so subscribing twice from a re-run ready() is a no-op.
    def bump_topic(event: domain_events.DomainEvent) -> None:
        bump(topic)

    return bump_topic


def bump(*topics: str) -> None:
    """Give each topic a new version. A booking bumps several after each commit (decision 0052),
    so with Redis they go in one round trip: per topic, its first version if it has none (never
    read or bumped, evicted, or the cache emptied), then an increment."""
    from .redis_cache import default_redis_client

    keys = [_VERSION.format(topic) for topic in topics]
    client = default_redis_client()
    if client is not None:
        first = _first_version()
        with client.pipeline(transaction=False) as pipe:
            for key in keys:
                raw = cache.make_and_validate_key(key)
                pipe.set(raw, first, nx=True)
                pipe.incr(raw)
            pipe.execute()
        return
    for key in keys:  # another cache (tests, development): one at a time
        try:
            cache.incr(key)
        except ValueError:
            if not cache.add(key, _first_version(), timeout=None):
                cache.incr(key)  # another process made it meanwhile


def versions(*topics: str) -> str:
    """The topics' current versions, e.g. "3.1": part of a cache key that a bump makes stale."""
    keys = [_VERSION.format(t) for t in topics]
    return _joined(keys, cache.get_many(keys))


def _joined(keys: list[str], found: dict[str, Any]) -> str:
    # The versions under `keys` as found, starting any never read (or evicted) one.
    for key in keys:
        if key not in found:
            cache.add(key, _first_version(), timeout=None)
            found[key] = cache.get(key)
    return ".".join(str(found[k]) for k in keys)


def _first_version() -> int:
    # Not 1: after the cache is emptied (or evicts a version) a topic must not start again at a
    # version some process still remembers a value under (core/versioned.py keeps values in each
    # process by versioned key). The clock in microseconds never repeats an earlier start.
    return time.time_ns() // 1000


def _cacheable_request(request: HttpRequest) -> bool:
    return (
        settings.PAGE_CACHE_SECONDS > 0
        and request.method in ("GET", "HEAD")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        # An API caller with a token may see more than the public (an organiser's drafts).
        and "HTTP_AUTHORIZATION" not in request.META
    )


def _cacheable_response(request: HttpRequest, response: HttpResponse) -> bool:
    return (
        response.status_code == 200
        and not response.streaming
        and not response.cookies
        and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
    )


def public_page(*topics: str) -> Callable[[View], View]:
    """Cache the view's page for signed-out visitors under the versions of `topics`. Public API
    reads use it too (`@decorate_view(public_page(...))` under the ninja operation), for callers
    without a token."""

    def decorate(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not _cacheable_request(request):
                return view(request, *args, **kwargs)
            raw = f"{get_language()}|{request.get_full_path()}"
            return kept_or_made(
                "page-cache:page:" + hashlib.sha256(raw.encode()).hexdigest(),
                topics,
                lambda: view(request, *args, **kwargs),
                keep=lambda response: _cacheable_response(request, response),
                seconds=settings.PAGE_CACHE_SECONDS,
                # As the page made afresh says: it differs for someone with a session.
                on_hit=lambda response: patch_vary_headers(response, ("Cookie",)),
            )

        return wrapper

    return decorate


def kept_or_made(
    key: str,
    topics: Iterable[str],
    make: Callable[[], HttpResponse],
    *,
    keep: Callable[[HttpResponse], bool],
    seconds: int,
    on_hit: Callable[[HttpResponse], None],
) -> HttpResponse:
    """The answer kept under `key` while `topics` keep the versions it was made under (marked
    "X-Page-Cache: hit", then `on_hit`), or `make()`'s, kept under `key` for `seconds` when `keep`
    allows (marked "miss"). The one way public pages and a person's kept pages (`private_pages`)
    are served from the cache.

    The answer and the versions come in one round trip to the cache (this is every kept page's
    path). The versions are read before `make()` runs, so an answer made while a write commits is
    kept under the older versions and never served again.

    **One maker at a time.** A booking makes the events list stale for every visitor at once; when
    each request then made the page itself, the benchmark's sixteen gunicorn threads made the same
    40 ms page together, and under two bookings a second its p95 went from 60 to 220 ms (issue
    #17). So, as nginx's `proxy_cache_lock` does, the first request to miss makes the page and the
    others wait for its copy, for at most `MAKING_WAIT_SECONDS`. They are served it only if it was
    made under the versions they last read. If it was made under older ones (a write committed
    meanwhile), the next waiter to take the lock makes it; if it was not kept at all (an error
    page, a cookie), the maker leaves a mark for a few seconds under which nobody waits; and when
    the wait runs out, a waiter makes its own, as before."""
    version_keys = [_VERSION.format(t) for t in topics]
    making = _MAKING.format(key)
    found = cache.get_many([key, *version_keys])
    current = _joined(version_keys, found)
    kept = _kept(found.get(key), current, on_hit)
    if kept is not None:
        return kept
    maker, kept, current = _maker_or_copy(key, version_keys, making, current, on_hit)
    if kept is not None:
        return kept
    try:
        response = make()
    except BaseException:
        if maker:
            cache.delete(making)
        raise
    stored = keep(response)
    if stored:
        cache.set(key, (current, response.content, response["Content-Type"]), seconds)
        response["X-Page-Cache"] = "miss"
    if maker:
        # An answer that is not kept (an error page, one with a form that sets a cookie) leaves a
        # short "do not wait" mark instead (Varnish's hit-for-pass): nobody queues behind the next.
        if stored:
            cache.delete(making)
        else:
            cache.set(making, _PASS, _PASS_SECONDS)
    return response


_MAKING = "page-cache:making:{}"
_NOW_MAKING, _PASS = "making", "pass"
# How long a request waits for another to make the page it asked for; a maker's lock lasts as long
# (rounded up), so one that died (a killed worker) holds the others back once, for that long.
MAKING_WAIT_SECONDS = 2.0
_MAKING_EXPIRES_SECONDS = 2
_PASS_SECONDS = 5
# Between looks at the cache while waiting (tests replace it to see who waits).
_pause = time.sleep


def _kept(hit: Any, current: str, on_hit: Callable[[HttpResponse], None]) -> HttpResponse | None:
    """The kept answer, if it was made under the `current` versions."""
    if hit is None or hit[0] != current:
        return None
    _, content, content_type = hit
    response = HttpResponse(content, content_type=content_type)
    response["X-Page-Cache"] = "hit"
    on_hit(response)
    return response


def _maker_or_copy(
    key: str,
    version_keys: list[str],
    making: str,
    current: str,
    on_hit: Callable[[HttpResponse], None],
) -> tuple[bool, HttpResponse | None, str]:
    """After a miss: (True, None, versions) when this request is to make the page, holding the
    lock; (False, a copy, versions) when another request made it under the versions last read;
    (False, None, versions) when it must make its own without the lock (the last answer was not
    kept, or the wait ran out). A maker that finishes without a copy for the versions a waiter
    reads (a write committed meanwhile) hands the lock on: the next waiter to take it makes the
    page. Each look is one round trip; the first comes soon (most pages take a few ms)."""
    deadline = time.monotonic() + MAKING_WAIT_SECONDS
    pause = 0.002
    while True:
        if cache.add(making, _NOW_MAKING, timeout=_MAKING_EXPIRES_SECONDS):
            return True, None, current
        while True:
            found = cache.get_many([key, making, *version_keys])
            current = _joined(version_keys, found)
            kept = _kept(found.get(key), current, on_hit)
            if kept is not None:
                return False, kept, current
            if found.get(making) == _PASS or time.monotonic() >= deadline:
                return False, None, current
            if making not in found:
                break  # finished without a copy for these versions: try to make it next
            _pause(pause)
            pause = min(pause * 2, 0.025)
