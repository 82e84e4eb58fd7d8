"""The HTTPS request itself: to the address that was checked, naming the host for Host and TLS,
with no redirects or retries, a timeout, and only a short text excerpt of the answer kept."""

from __future__ import annotations

from typing import Any

import pytest
import urllib3

from recoverynet.webhooks import guard, transport


class FakeResponse:
    def __init__(self, status: int, content_type: str, body: bytes) -> None:
        self.status = status
        self.headers = {"Content-Type": content_type}
        self._body = body

    def read(self, amount: int) -> bytes:
        return self._body[:amount]

    def release_conn(self) -> None:
        pass


@pytest.fixture
def pools(monkeypatch: pytest.MonkeyPatch) -> list[dict[str, Any]]:
    made: list[dict[str, Any]] = []

    class FakePool:
        def __init__(self, host: str, **kwargs: Any) -> None:
            self.record: dict[str, Any] = {"host": host, **kwargs}
            made.append(self.record)

        def urlopen(self, method: str, path: str, **kwargs: Any) -> FakeResponse:
            self.record.update(method=method, path=path, **kwargs)
            answer = self.record.get("answer") or made[0].get("answer")
            if isinstance(answer, Exception):
                raise answer
            return answer or FakeResponse(204, "text/plain", b"")

        def close(self) -> None:
            pass

    monkeypatch.setattr(urllib3, "HTTPSConnectionPool", FakePool)
    return made


def test_the_connection_goes_to_the_checked_address_with_the_name_for_host_and_tls(
    monkeypatch: pytest.MonkeyPatch, pools: list[dict[str, Any]]
) -> None:
    answers = iter([["93.184.216.34"], ["127.0.0.1"]])  # a rebinding name: public, then inside
    lookups: list[str] = []

    def lookup(host: str, port: int) -> list[str]:
        lookups.append(host)
        return next(answers)

    monkeypatch.setattr(guard, "_lookup", lookup)
    reply = transport.post("https://hooks.example.org:8443/in?x=1", "{}", {"webhook-id": "msg_1"})
    assert reply.status_code == 204 and reply.ok
    assert lookups == ["hooks.example.org"]  # resolved once; that answer is the one used
    [pool] = pools
    assert pool["host"] == "93.184.216.34" and pool["port"] == 8443
    assert pool["server_hostname"] == "hooks.example.org"
    assert pool["assert_hostname"] == "hooks.example.org"
    assert pool["cert_reqs"] == "CERT_REQUIRED"
    assert pool["headers"]["Host"] == "hooks.example.org:8443"
    assert pool["headers"]["webhook-id"] == "msg_1"
    assert pool["redirect"] is False and pool["retries"] is False
    assert pool["path"] == "/in?x=1" and pool["body"] == b"{}"
    assert pool["timeout"].total == 10


def test_an_inside_answer_at_send_time_is_never_contacted(
    monkeypatch: pytest.MonkeyPatch, pools: list[dict[str, Any]]
) -> None:
    monkeypatch.setattr(guard, "_lookup", lambda host, port: ["169.254.169.254"])
    reply = transport.post("https://hooks.example.org/in", "{}", {})
    assert reply.status_code is None and "Refused" in reply.error
    assert pools == []


def test_a_connection_failure_is_a_failed_attempt(
    monkeypatch: pytest.MonkeyPatch, pools: list[dict[str, Any]]
) -> None:
    monkeypatch.setattr(guard, "_lookup", lambda host, port: ["93.184.216.34"])
    monkeypatch.setattr(
        transport,
        "_send",
        lambda **kw: transport.Reply(None, 0, error="Could not connect: NewConnectionError"),
    )
    assert not transport.post("https://hooks.example.org/in", "{}", {}).ok


def test_only_a_short_text_excerpt_is_kept() -> None:
    assert transport.excerpt(b"\x89PNG\x00\x01", "image/png") == ""
    assert transport.excerpt(b"ok\x00\x1b[31m", "text/plain; charset=utf-8") == "ok  [31m"
    long = transport.excerpt(b"a" * 5000, "application/json")
    assert len(long) == transport.EXCERPT_CHARS
