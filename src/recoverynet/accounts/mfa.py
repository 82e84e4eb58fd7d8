"""Who must use multi-factor authentication, and whether they have set it up.

One rule for every way in: the browser session (middleware), the admin site, and API tokens
(`api_auth`). Administrators and staff always need MFA; other apps add their own reasons (the network
app: "you are on a network team") with `register_reason`, so accounts names no other app.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recoverynet.core.errors import ApplicationError

# Each returns a plain-English reason ("you are on a network team") or None.
_REASONS: list[Callable[[Any], str | None]] = []


def register_reason(reason: Callable[[Any], str | None]) -> None:
    if reason not in _REASONS:
        _REASONS.append(reason)


def required_reason(user: Any) -> str | None:
    """Why this person must use MFA, or None when they need not."""
    if not getattr(user, "is_authenticated", False):
        return None
    if user.is_superuser or user.is_staff:
        return "you are an administrator"
    for reason in _REASONS:
        found = reason(user)
        if found:
            return found
    return None


def requires_mfa(user: Any) -> bool:
    return required_reason(user) is not None


def has_totp(user: Any) -> bool:
    from allauth.mfa.models import Authenticator

    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def setup_missing(user: Any) -> bool:
    """True when the person must use MFA but has not set up an authenticator app yet."""
    return requires_mfa(user) and not has_totp(user)


def mfa_required_error() -> ApplicationError:
    return ApplicationError(
        "mfa_required",
        "Set up multi-factor authentication (an authenticator app) on the website before using "
        "the API. Your role needs it.",
        status=403,
    )


def check_api_user(user: Any) -> None:
    """Raise the API's `mfa_required` error for a person who must set up MFA first."""
    if setup_missing(user):
        raise mfa_required_error()
