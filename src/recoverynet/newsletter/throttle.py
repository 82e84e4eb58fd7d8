"""A limit on subscribe requests per IP address, shared by the web form and the API, so neither can
be used to make us send confirmation e-mails to a long list of addresses."""

from __future__ import annotations

from django.core.cache import cache

from recoverynet.core.errors import ApplicationError

SUBSCRIBE_LIMIT = 10
SUBSCRIBE_WINDOW_SECONDS = 60 * 60


def count_subscribe_attempt(ip: str | None) -> None:
    """At most SUBSCRIBE_LIMIT attempts from one IP address in an hour (counted in the cache, so
    shared by every app process when the cache is Redis). Raises a 429 beyond that."""
    key = f"newsletter:subscribe:{ip or 'unknown'}"
    cache.add(key, 0, timeout=SUBSCRIBE_WINDOW_SECONDS)
    try:
        attempts = cache.incr(key)
    except ValueError:  # the count expired between add() and incr()
        cache.set(key, 1, timeout=SUBSCRIBE_WINDOW_SECONDS)
        attempts = 1
    if attempts > SUBSCRIBE_LIMIT:
        raise ApplicationError(
            "too_many_attempts",
            "You have tried to subscribe too many times. Please wait an hour and try again.",
            status=429,
        )
