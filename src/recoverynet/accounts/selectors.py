"""Reads of a person's own account data."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from recoverynet.core.models import AuditEntry

from .models import ApiToken, User


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor).order_by("revoked_at", "-created_at")


def account_export(*, actor: User) -> dict[str, Any]:
    """Everything we hold about the person themselves, for "download your data"."""
    from allauth.account.models import EmailAddress

    user = actor
    return {
        "account": {
            "email": user.email,
            "full_name": user.full_name,
            "preferred_name": user.preferred_name,
            "job_title": user.job_title,
            "perspective": user.perspective,
            "joined": user.date_joined.isoformat(),
            "last_login": user.last_login.isoformat() if user.last_login else None,
        },
        "email_addresses": [
            {"email": e.email, "verified": e.verified, "primary": e.primary}
            for e in EmailAddress.objects.filter(user=user)
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scopes": t.scopes,
                "created_at": t.created_at.isoformat(),
                "last_used_at": t.last_used_at.isoformat() if t.last_used_at else None,
                "revoked_at": t.revoked_at.isoformat() if t.revoked_at else None,
            }
            for t in ApiToken.objects.filter(user=user)
        ],
        "activity": [
            {"at": e.at.isoformat(), "action": e.action, "object": e.object_label}
            for e in AuditEntry.objects.filter(actor=user).order_by("-at")[:1000]
        ],
    }
