"""Idempotency-Key support shared by every POST that creates money or places.

A key is stored with a fingerprint of the request it came with. A retry with the same key and the
same request answers with the earlier result; the same key with a different request is refused
(422 `idempotency_mismatch`) and writes nothing, so a client never believes it booked something
it did not.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from .errors import ApplicationError


def fingerprint(request: Any) -> str:
    """SHA-256 of a request's meaningful content (JSON-able: dicts, lists, strings, numbers)."""
    canonical = json.dumps(request, sort_keys=True, separators=(",", ":"), default=str)
    return hashlib.sha256(canonical.encode()).hexdigest()


def check_same_request(stored: str, current: str) -> None:
    """Refuse a key re-used with a different request. `stored` is empty for rows saved before
    fingerprints were kept: those are trusted as before."""
    if stored and stored != current:
        raise ApplicationError(
            "idempotency_mismatch",
            "That Idempotency-Key was already used with a different request. Use a new key for a "
            "new request.",
            status=422,
        )
