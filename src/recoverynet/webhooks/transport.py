"""One HTTPS POST to a checked address, with a timeout, no redirects and a short text excerpt back."""

from __future__ import annotations

import time
from dataclasses import dataclass

import urllib3
from django.conf import settings

from recoverynet.core.text import bad_character

from . import guard

EXCERPT_CHARS = 500
_READ_BYTES = 4096
_TEXT_TYPES = ("text/", "application/json", "application/xml", "application/problem+json")


@dataclass(frozen=True)
class Reply:
    status_code: int | None
    duration_ms: int
    excerpt: str = ""
    error: str = ""

    @property
    def ok(self) -> bool:
        return self.status_code is not None and 200 <= self.status_code < 300


def excerpt(raw: bytes, content_type: str) -> str:
    """Text only, cut short, with control characters removed (nothing binary is kept)."""
    if not content_type.lower().startswith(_TEXT_TYPES):
        return ""
    text = raw.decode("utf-8", errors="replace")
    cleaned = "".join(c if c in "\n\t" or not bad_character(c) else " " for c in text)
    return cleaned[:EXCERPT_CHARS]


def _send(*, address: str, target: guard.Target, body: bytes, headers: dict[str, str]) -> Reply:
    """Connect to `address` (already checked), naming `target.host` in the Host header and TLS."""
    literal = guard._literal(target.host) is not None
    host = f"[{target.host}]" if ":" in target.host else target.host
    pool = urllib3.HTTPSConnectionPool(
        address,
        port=target.port,
        server_hostname=None if literal else target.host,
        assert_hostname=target.host,
        cert_reqs="CERT_REQUIRED",
        timeout=urllib3.Timeout(total=settings.WEBHOOKS_TIMEOUT_SECONDS),
        retries=False,
        maxsize=1,
    )
    started = time.monotonic()
    try:
        response = pool.urlopen(
            "POST",
            target.path,
            body=body,
            headers={
                **headers,
                "Host": host if target.port == 443 else f"{host}:{target.port}",
                "Content-Type": "application/json",
                "User-Agent": "recoverynet-webhooks/1",
            },
            redirect=False,
            retries=False,
            assert_same_host=False,
            preload_content=False,
        )
        try:
            raw = response.read(_READ_BYTES)
        finally:
            response.release_conn()
    except urllib3.exceptions.HTTPError as exc:
        elapsed = int((time.monotonic() - started) * 1000)
        return Reply(None, elapsed, error=f"Could not connect: {type(exc).__name__}"[:300])
    finally:
        pool.close()
    elapsed = int((time.monotonic() - started) * 1000)
    return Reply(response.status, elapsed, excerpt(raw, response.headers.get("Content-Type", "")))


def post(url: str, body: str, headers: dict[str, str]) -> Reply:
    """Check the URL, resolve it once, refuse any inside address, then send to the checked one."""
    try:
        target = guard.check_url(url)
        address = guard.resolve(target)
    except guard.UnsafeAddress as exc:
        return Reply(None, 0, error=f"Refused: {exc.message}"[:300])
    return _send(address=address, target=target, body=body.encode(), headers=headers)
