"""A test receiver for webhooks: it stands in for the network (DNS and the HTTPS connection) and
checks every request's signature with its own reading of the Standard Webhooks specification."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time
from dataclasses import dataclass, field
from typing import Any

import pytest

from recoverynet.webhooks import guard, transport

PUBLIC_ADDRESS = "93.184.216.34"


def verify(secret: str, headers: dict[str, str], body: bytes, tolerance: int = 300) -> bool:
    """Written from the specification's text, not from our signing code: the signed content is
    the message id, a full stop, the timestamp, a full stop and the exact body; the key is the
    base64-decoded part of the secret after `whsec_`; each space-separated `v1,<base64>` in
    `webhook-signature` is an HMAC-SHA256; one match (compared in constant time) is enough, and a
    timestamp too far from now is refused."""
    msg_id = headers["webhook-id"]
    timestamp = headers["webhook-timestamp"]
    if abs(time.time() - int(timestamp)) > tolerance:
        return False
    key = base64.b64decode(secret.split("_", 1)[1])
    to_sign = msg_id.encode() + b"." + timestamp.encode() + b"." + body
    expected = base64.b64encode(hmac.new(key, to_sign, hashlib.sha256).digest()).decode()
    for versioned in headers["webhook-signature"].split(" "):
        version, _, signature = versioned.partition(",")
        if version == "v1" and hmac.compare_digest(signature, expected):
            return True
    return False


@dataclass
class Received:
    address: str
    host: str
    port: int
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    dns: dict[str, list[str]] = field(default_factory=dict)
    answers: list[Any] = field(
        default_factory=list
    )  # status codes (or exceptions) to give, in turn
    got: list[Received] = field(default_factory=list)
    lookups: list[str] = field(default_factory=list)

    def lookup(self, host: str, port: int) -> list[str]:
        self.lookups.append(host)
        if host not in self.dns:
            raise OSError("name not found")
        return self.dns[host]

    def send(
        self, *, address: str, target: guard.Target, body: bytes, headers: dict[str, str]
    ) -> transport.Reply:
        self.got.append(Received(address, target.host, target.port, target.path, headers, body))
        status = self.answers.pop(0) if self.answers else 200
        if status is None:
            return transport.Reply(None, 10000, error="Could not connect: ReadTimeoutError")
        return transport.Reply(status, 12, transport.excerpt(b"thanks", "text/plain"))


def install_receiver(monkeypatch: pytest.MonkeyPatch) -> Receiver:
    fake = Receiver(dns={"hooks.example.org": [PUBLIC_ADDRESS]})
    monkeypatch.setattr(guard, "_lookup", fake.lookup)
    monkeypatch.setattr(transport, "_send", fake.send)
    return fake


@pytest.fixture
def receiver(monkeypatch: pytest.MonkeyPatch) -> Receiver:
    return install_receiver(monkeypatch)
