"""Session rules for people: an absolute lifetime on top of Django's idle timeout, and the idle
timeout kept without writing the session on every request (decision 0047)."""

from __future__ import annotations

import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.contrib.auth import logout
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

SESSION_STARTED_KEY = "recoverynet_session_started"
SESSION_REFRESHED_KEY = "recoverynet_session_refreshed"


@receiver(user_logged_in)
def _session_started(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    """Signing in starts both clocks, in the session saved at sign-in, so the first page after it
    writes nothing more."""
    session = getattr(request, "session", None)
    if session is not None:
        now = int(time.time())
        session[SESSION_STARTED_KEY] = now
        session[SESSION_REFRESHED_KEY] = now


class AbsoluteSessionTimeoutMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            now = int(time.time())
            started = request.session.get(SESSION_STARTED_KEY)
            if started is None:
                request.session[SESSION_STARTED_KEY] = now
            elif now - int(started) > settings.RECOVERYNET_SESSION_ABSOLUTE_SECONDS:
                logout(request)
        response = self.get_response(request)
        _refresh_idle_expiry(request)
        return response


def refresh_seconds() -> int:
    """How old a session's expiry may get before a request renews it: at most half the idle
    timeout, so someone active is never signed out."""
    return min(settings.RECOVERYNET_SESSION_REFRESH_SECONDS, settings.SESSION_COOKIE_AGE // 2)


def _refresh_idle_expiry(request: HttpRequest) -> None:
    """The idle timeout without a write on every request (in place of SESSION_SAVE_EVERY_REQUEST):
    a session is saved again, with a new expiry `SESSION_COOKIE_AGE` ahead and a new cookie, only
    when it was last saved `refresh_seconds()` ago or more, or when something else changed it. So
    someone is signed out after between `SESSION_COOKIE_AGE - refresh_seconds()` and
    `SESSION_COOKIE_AGE` seconds without a request."""
    session = getattr(request, "session", None)
    if session is None or session.is_empty():
        return  # no session (or signed out just now): nothing to keep alive
    now = int(time.time())
    if session.modified:
        session[SESSION_REFRESHED_KEY] = now  # saved anyway: note when
        return
    refreshed = session.get(SESSION_REFRESHED_KEY)
    if session.is_empty():
        return  # the cookie named no live session
    if refreshed is None or now - int(refreshed) >= refresh_seconds():
        session[SESSION_REFRESHED_KEY] = now
