"""API authentication: a personal bearer token, or the browser session (with CSRF for writes)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth

from recoverynet.core.openapi import anonymous as _anonymous

from .services import api_token_authenticate


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal API token from your profile page, sent as `Authorization: Bearer rn_…`."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        user = api_token_authenticate(token)
        if user is not None:
            request.user = user
        return user


class ActiveSessionAuth(SessionAuth):
    """Session auth that also refuses a team member who has not set up MFA yet (the middleware
    already answered 403 in that case; this keeps the rule in the API layer too)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        return user if user is not None and user.is_active else None


api_auth = [TokenAuth(), ActiveSessionAuth()]


# Public reads: anyone may call them, but a bearer token still identifies the caller (so organisers
# see their drafts through the API as they do on the pages). The schema shows them as needing no
# credentials (core/openapi.py knows `_anonymous`).
optional_auth = [TokenAuth(), _anonymous]
