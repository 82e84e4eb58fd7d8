"""Network-team members and administrators must set up multi-factor authentication before anything."""

from __future__ import annotations

from collections.abc import Callable

from allauth.mfa.models import Authenticator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import access

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
            and access.requires_mfa(user)
            and not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
        ):
            if request.path.startswith("/api/"):
                from django.http import JsonResponse

                return JsonResponse(
                    {
                        "detail": "Set up multi-factor authentication before using the API.",
                        "code": "mfa_required",
                        "errors": [],
                    },
                    status=403,
                )
            return redirect(reverse("mfa_activate_totp") + "?required=1")
        return self.get_response(request)
