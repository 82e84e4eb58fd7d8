"""Network-team members and administrators must set up multi-factor authentication before anything.

The rule itself lives in `accounts.mfa` and is shared with API authentication (tokens and sessions);
this middleware applies it to browser sessions, including the admin site.
"""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from recoverynet.accounts import mfa

_ALLOWED_PREFIXES = ("/accounts/", "/static/", "/api/v1/health")


class RequireMFAForStaffMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(_ALLOWED_PREFIXES)
            and mfa.setup_missing(user)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse(mfa.mfa_required_error().as_json(), status=403)
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)
