"""API authentication: a personal bearer token, or the browser session (with CSRF for writes).

Both paths apply the same rules as the website: a person whose role needs multi-factor
authentication gets 403 `mfa_required` until they have set it up (so a token made before someone
joined a network team stops working until then). A token is also limited by its scopes
(accounts/scopes.py): the operation's area comes from its OpenAPI tag, which `mark_operation`
(installed once on the whole API) puts on the request before authentication runs.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable
from functools import wraps
from typing import TYPE_CHECKING, Any

from django.http import HttpRequest, HttpResponseBase
from ninja.decorators import decorate_view
from ninja.security import HttpBearer, SessionAuth

from recoverynet.core.errors import ApplicationError
from recoverynet.core.openapi import anonymous as _anonymous
from recoverynet.core.private_pages import AppNames, PageScopes, private_page

from . import mfa
from . import scopes as token_scopes
from .services import api_token_authenticate

if TYPE_CHECKING:
    from .models import ApiToken

_AREA_ATTR = "recoverynet_api_area"


def mark_operation(run: Callable[..., HttpResponseBase]) -> Callable[..., HttpResponseBase]:
    """A ninja "view" decorator: note the operation's area on the request for `TokenAuth`."""
    # Through any view decorators (`decorate_view`, e.g. the public page cache) to the operation.
    operation = getattr(inspect.unwrap(run), "__self__", None)
    area = token_scopes.area_for_tags(getattr(operation, "tags", None))

    @wraps(run)
    def marked(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        setattr(request, _AREA_ATTR, area)
        return run(request, *args, **kwargs)

    return marked


def _scope_error(area: str | None, access: str) -> ApplicationError:
    if area is None:
        message = "API tokens cannot be used here. Use the website."
    else:
        verb = "change" if access == token_scopes.WRITE else "read"
        what = token_scopes.AREAS[area].lower()
        message = (
            f"This token cannot {verb} {what}. Create a token with the "
            f'"{area}:{access}" or "{access}" scope.'
        )
    return ApplicationError("insufficient_scope", message, status=403)


class TokenAuth(HttpBearer):
    openapi_description = (
        "A personal API token from your profile page, sent as `Authorization: Bearer rn_…`. "
        "A token works only within its scopes: `read` or `write` for every area, or "
        "`<area>:read` / `<area>:write` for one (`write` includes `read`). GET reads; other "
        "methods write. An operation's area comes from its tag: "
        + ", ".join(f"{tag} → {area}" for tag, area in token_scopes.AREA_BY_TAG.items())
        + ". Outside its scopes a token gets 403 `insufficient_scope`; a person whose role needs "
        "multi-factor authentication gets 403 `mfa_required` until they have set it up. Tokens "
        "cannot list, create or revoke tokens."
    )

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        found = _token_for_request(request, token)
        if found is None:
            return None
        user = found.user
        mfa.check_api_user(user)
        area = getattr(request, _AREA_ATTR, None)
        access = token_scopes.access_for_method(request.method)
        if area is None or not token_scopes.allows(found.scopes, area=area, access=access):
            raise _scope_error(area, access)
        request.user = user
        return user


_TOKEN_ATTR = "_recoverynet_api_token"


def _token_for_request(request: HttpRequest, raw: str) -> ApiToken | None:
    # Looked up once per request: a kept answer's key (`private_read`) and then, on a miss, the
    # operation itself both authenticate the same token.
    memo = getattr(request, _TOKEN_ATTR, None)
    if memo is None or memo[0] != raw:
        memo = (raw, api_token_authenticate(raw))
        setattr(request, _TOKEN_ATTR, memo)
    return memo[1]


class ActiveSessionAuth(SessionAuth):
    """Session auth for active people; a person who must set up MFA first gets `mfa_required`
    (the middleware answers the same for every /api/ path; this keeps the rule in the API too)."""

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        user = super().authenticate(request, key)
        if user is None or not user.is_active:
            return None
        mfa.check_api_user(user)
        return user


api_auth = [TokenAuth(), ActiveSessionAuth()]


def bearer_user(request: HttpRequest) -> Any:
    """The person the request's bearer token belongs to, checked as an operation checks it (its
    scopes, the MFA rule), or None: the operation itself then answers and says why."""
    try:
        return TokenAuth()(request)
    except ApplicationError:
        return None


def private_read(*apps: AppNames, scopes: PageScopes | None = None) -> Any:
    """Keep a GET operation's answer for the person who asked until one of `apps` is written
    (`core.private_pages`; `scopes` as there: called with the operation's arguments, ninja's
    included). Put it under the operation's decorator, as `decorate_view` goes."""
    return decorate_view(private_page(*apps, authenticate=bearer_user, scopes=scopes))


def _refuse_tokens(request: HttpRequest) -> bool:
    if request.headers.get("Authorization", "").lower().startswith("bearer "):
        raise ApplicationError(
            "token_not_allowed",
            "API tokens cannot create, list or revoke tokens. Manage your tokens on the website.",
            status=403,
        )
    return False


# Managing tokens (create, list, revoke) is for the person at the website only, never a token:
# otherwise a leaked token could mint successors that outlive its revocation.
session_only_auth = [ActiveSessionAuth(), _refuse_tokens]


# Public reads: anyone may call them, but a bearer token still identifies the caller (so organisers
# see their drafts through the API as they do on the pages). The schema shows them as needing no
# credentials (core/openapi.py knows `_anonymous`).
optional_auth = [TokenAuth(), _anonymous]
