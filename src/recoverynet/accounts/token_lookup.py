"""Finding the live token for a bearer token, on every API request (issue #17).

Through the ORM the lookup (the token joined to its person) costs about 1 ms of CPU, most of it
building the query; for a kept API answer (`core.private_pages`) that was half the request. So a
token found is kept in the shared cache under the version of one topic (`core.versioned`), and
saving or deleting any token or any person changes the topic: a revoked token, a person made
inactive, a changed scope is refused or applied on the next request, in every process.

Writes that send no signal (`QuerySet.update`, raw SQL) are caught within `BOUND_SECONDS`: the key
holds a five-minute slot of the clock (offset per token, so that every token is not read again in
the same second), and an entry lives no longer than that. The token's expiry is checked on every
request from the kept row. A token that is not found is never kept (a stream of made-up tokens must
not fill the cache). The person's password hash and perspective are not read, so they are never
copied into the cache. Signing in (Django saves only `last_login`) changes nothing kept.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from recoverynet.core import versioned

from .models import ApiToken, User

TOPIC = "accounts:tokens"
BOUND_SECONDS = 300
# The person's columns never read for the cache (a password hash, explicit-consent data).
NOT_KEPT = ("password", "perspective", "perspective_updated_at")


def live_token(digest: str) -> ApiToken | None:
    """The unrevoked token with this digest, with its person (password deferred), or None. Its
    expiry and whether the person is active are for the caller to check."""
    return versioned.read(
        TOPIC,
        lambda: _load(digest),
        part=f"{digest}:{_slot(digest)}",
        keep=lambda t: t is not None,
        seconds=BOUND_SECONDS,
    )


def _slot(digest: str) -> int:
    offset = int(digest[:8], 16) % BOUND_SECONDS
    return int((time.time() + offset) // BOUND_SECONDS)


def _load(digest: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .defer(*(f"user__{name}" for name in NOT_KEPT))
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )


def _changed(sender: Any, update_fields: Any = None, **kwargs: Any) -> None:
    if sender is User and update_fields is not None and set(update_fields) == {"last_login"}:
        return  # a sign-in: nothing a token's answer depends on
    versioned.changed(TOPIC)


def connect() -> None:
    """Listen for every save and deletion of a token or a person (from AccountsConfig.ready)."""
    for model in (ApiToken, User):
        uid = f"accounts-token-lookup-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-del")
