"""Standard Webhooks signing: secrets, and the `webhook-signature` header.

The signed content is `{webhook-id}.{webhook-timestamp}.{body}`; the key is the secret's base64 part
(after `whsec_`) decoded; the signature is `v1,` + base64(HMAC-SHA256). During a rotation both the
new and the previous secret sign, space-separated, so a receiver holding either accepts it."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets as random

PREFIX = "whsec_"
SECRET_BYTES = 32


def new_secret() -> str:
    return PREFIX + base64.b64encode(random.token_bytes(SECRET_BYTES)).decode("ascii")


def _key(secret: str) -> bytes:
    return base64.b64decode(secret.removeprefix(PREFIX))


def sign(secret: str, message_id: str, timestamp: int, body: str) -> str:
    content = f"{message_id}.{timestamp}.{body}".encode()
    digest = hmac.new(_key(secret), content, hashlib.sha256).digest()
    return "v1," + base64.b64encode(digest).decode("ascii")


def headers(secrets: list[str], message_id: str, timestamp: int, body: str) -> dict[str, str]:
    """The three Standard Webhooks headers, signed with every secret given (newest first)."""
    return {
        "webhook-id": message_id,
        "webhook-timestamp": str(timestamp),
        "webhook-signature": " ".join(sign(s, message_id, timestamp, body) for s in secrets),
    }
