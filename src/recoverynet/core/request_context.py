"""The client IP of the request being served, for the audit log, without threading it everywhere."""

from __future__ import annotations

from contextvars import ContextVar

from django.conf import settings
from django.http import HttpRequest

_current_ip: ContextVar[str | None] = ContextVar("recoverynet_current_ip", default=None)


def client_ip(request: HttpRequest) -> str | None:
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        if forwarded:
            return forwarded.split(",")[0].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def current_ip() -> str | None:
    return _current_ip.get()


def set_current_ip(ip: str | None) -> object:
    return _current_ip.set(ip)


def reset_current_ip(token: object) -> None:
    _current_ip.reset(token)  # type: ignore[arg-type]
