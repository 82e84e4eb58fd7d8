"""Cross-cutting request handling: security headers, the client IP for the audit log, and
ApplicationError → 4xx page for HTML views."""

from __future__ import annotations

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from .request_context import client_ip, reset_current_ip, set_current_ip

# Everything is served from our own origin; no inline scripts or styles (NHS.UK frontend needs none).
CSP = "; ".join(
    [
        "default-src 'self'",
        "img-src 'self' data:",
        "style-src 'self'",
        "script-src 'self'",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class ContentSecurityPolicyMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = set_current_ip(client_ip(request))
        try:
            response = self.get_response(request)
        finally:
            reset_current_ip(token)
        # Swagger UI (the API docs page) sets inline styles on its elements; scripts stay strict.
        if request.path.startswith("/api/v1/docs"):
            response.setdefault(
                "Content-Security-Policy",
                CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'"),
            )
        else:
            response.setdefault("Content-Security-Policy", CSP)
        response.setdefault("Permissions-Policy", "camera=(), microphone=(), geolocation=()")
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        from .errors import ApplicationError
        from .views import application_error_page

        if isinstance(exception, ApplicationError) and not request.path.startswith("/api/"):
            return application_error_page(request, exception)
        return None
