"""Template helpers for the MFA pages: why this person must use an authenticator app."""

from __future__ import annotations

from typing import Any

from django import template

from recoverynet.accounts import mfa

register = template.Library()


@register.simple_tag(takes_context=True)
def mfa_required_reason(context: dict[str, Any]) -> str:
    """E.g. "you are on a network team", or "" when MFA is the person's own choice."""
    request = context.get("request")
    return mfa.required_reason(getattr(request, "user", None)) or ""
