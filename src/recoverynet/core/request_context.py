"""The client IP of the request being served, for the audit log, without threading it everywhere."""

from __future__ import annotations

import ipaddress
from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_current_ip: ContextVar[str | None] = ContextVar("recoverynet_current_ip", default=None)


def _valid_ip(value: str) -> str | None:
    try:
        return str(ipaddress.ip_address(value.strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The address of the person making the request: the one helper for the audit log and for
    sign-in throttling (the allauth adapter uses it too).

    Behind `TRUSTED_PROXY_COUNT` proxies (set with DJANGO_BEHIND_PROXY / DJANGO_TRUSTED_PROXY_COUNT),
    each proxy appends the address it saw to X-Forwarded-For, so the client is the entry that many
    places from the right. Entries further left were written by the client and are never trusted.
    Without proxies the header is ignored and the connection's address is used.
    """
    count = int(getattr(settings, "TRUSTED_PROXY_COUNT", 0) or 0)
    if count > 0:
        hops = [h for h in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if h.strip()]
        if len(hops) >= count:
            found = _valid_ip(hops[-count])
            if found:
                return found
    return _valid_ip(request.META.get("REMOTE_ADDR") or "")


def current_ip() -> str | None:
    return _current_ip.get()


def set_current_ip(ip: str | None) -> object:
    return _current_ip.set(ip)


def reset_current_ip(token: object) -> None:
    _current_ip.reset(token)  # type: ignore[arg-type]
