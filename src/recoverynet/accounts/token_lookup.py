"""Finding the live token for a bearer token, on every API request (issue #17).

Through the ORM the lookup (the token joined to its person) costs about 1 ms of CPU, most of it
building the query; for a kept API answer (`core.private_pages`) that was half the request. So a
token found is kept in the shared cache under the version of one topic (`core.versioned`), and
saving or deleting any token or any person changes the topic: a revoked token, a person made
inactive, a changed scope is refused or applied on the next request, in every process.

Writes that send no signal (`QuerySet.update`, raw SQL) are caught within `BOUND_SECONDS`: the key
holds the clock's five-minute slot, so nothing is kept longer than that. The token's expiry is
checked on every request from the kept row. A token that is not found is never kept (a stream of
made-up tokens must not fill the cache). The person's password hash is not read, so it is never
copied into the cache.
"""

from __future__ import annotations

import time
from typing import Any

from django.db.models.signals import post_delete, post_save

from recoverynet.core import versioned

from .models import ApiToken, User

TOPIC = "accounts:tokens"
BOUND_SECONDS = 300


def live_token(digest: str) -> ApiToken | None:
    """The unrevoked token with this digest, with its person (password deferred), or None. Its
    expiry and whether the person is active are for the caller to check."""
    slot = int(time.time() // BOUND_SECONDS)
    return versioned.read(
        TOPIC, lambda: _load(digest), part=f"{digest}:{slot}", keep=lambda t: t is not None
    )


def _load(digest: str) -> ApiToken | None:
    return (
        ApiToken.objects.select_related("user")
        .defer("user__password")
        .filter(token_hash=digest, revoked_at__isnull=True)
        .first()
    )


def _changed(sender: Any, **kwargs: Any) -> None:
    versioned.changed(TOPIC)


def connect() -> None:
    """Listen for every save and deletion of a token or a person (from AccountsConfig.ready)."""
    for model in (ApiToken, User):
        uid = f"accounts-token-lookup-{model.__name__}"
        post_save.connect(_changed, sender=model, dispatch_uid=uid)
        post_delete.connect(_changed, sender=model, dispatch_uid=uid + "-del")
