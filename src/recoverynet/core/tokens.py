"""Single-use tokens for links and API access: the one implementation.

A token is 32 random bytes, URL-safe base64 (43 characters), optionally after a fixed prefix
(`rn_` for API tokens, so that secret scanners can spot one). Only its SHA-256 digest is stored
(64 hexadecimal characters): the raw token goes into the link or is shown once, and a stolen
database gives nothing that works. Each token is issued for a `purpose` (one of `PURPOSES`) and,
unless it is one that lives until used or revoked, an expiry.

    token = tokens.issue("network.invitation", ttl=timedelta(days=14))
    Invitation.objects.create(token_hash=token.hash, expires_at=token.expires_at, ...)
    link = reverse(..., args=[token.raw])
    ...
    Invitation.objects.filter(token_hash=tokens.digest(raw))  # look it up by digest
    tokens.matches(raw, stored_hash)                         # or compare in constant time

`digest` is plain SHA-256 of the UTF-8 text, the same as every copy before this module, so links
and API tokens issued before it keep working (decision 0019)."""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any, Generic, TypeVar, overload

from django.utils import timezone

TOKEN_BYTES = 32
DIGEST_LENGTH = 64  # hexadecimal SHA-256: the width of every `token_hash` column

# What a token may be for. A new use adds its name here (and nowhere else makes tokens).
PURPOSES = frozenset(
    {
        "accounts.api_token",
        "network.invitation",
        "colleges.staff_invitation",
        "challenges.rater_link",
        "newsletter.subscription_confirm",
        "feedback.voter",
        "feedback.room_card",
        "outcomes.questionnaire",
        "engagements.calendar_feed",
    }
)


E = TypeVar("E", datetime, None)


@dataclass(frozen=True)
class Token(Generic[E]):
    purpose: str
    raw: str  # for the link or to show once; never stored
    hash: str  # what is stored
    expires_at: E  # None: until used or revoked


def digest(raw: str) -> str:
    """The stored form of a raw token: SHA-256, hexadecimal."""
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


@overload
def issue(purpose: str, ttl: timedelta, *, prefix: str = "") -> Token[datetime]: ...


@overload
def issue(purpose: str, ttl: None, *, prefix: str = "") -> Token[None]: ...


def issue(purpose: str, ttl: timedelta | None, *, prefix: str = "") -> Token[Any]:
    """A new token for `purpose`, expiring `ttl` from now (None: no expiry of its own)."""
    if purpose not in PURPOSES:
        raise ValueError(f"Unknown token purpose {purpose!r}: add it to core.tokens.PURPOSES.")
    if ttl is not None and ttl <= timedelta(0):
        raise ValueError("A token's lifetime must be positive.")
    raw = prefix + secrets.token_urlsafe(TOKEN_BYTES)
    expires_at = timezone.now() + ttl if ttl is not None else None
    return Token(purpose=purpose, raw=raw, hash=digest(raw), expires_at=expires_at)


def matches(raw: str | None, stored_hash: str | None) -> bool:
    """Whether `raw` is the token stored as `stored_hash`, compared in constant time. An empty
    token or an empty stored hash (a used or cleared token) never matches."""
    if not raw or not stored_hash:
        return False
    return hmac.compare_digest(digest(raw), stored_hash)


def expired(expires_at: datetime | None, *, now: datetime | None = None) -> bool:
    """Whether a token with this expiry no longer works (at its expiry time it has stopped)."""
    return expires_at is not None and expires_at <= (now or timezone.now())
