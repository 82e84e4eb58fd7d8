"""API plumbing shared by every app's router: one error shape and one pagination shape.

Errors are always `{"detail": str, "code": str, "errors": [{"field": str, "message": str}]}`:
from an operation (the handlers below) and from anything else under /api/v1/ — an unknown path,
a method the path does not take, a crash outside an operation (`ApiErrorShapeMiddleware`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from ninja import Field, NinjaAPI, Schema
from ninja.errors import AuthenticationError, HttpError, ValidationError
from ninja.pagination import PaginationBase

from .errors import ApplicationError
from .text import pydantic_message


class FieldErrorOut(Schema):
    field: str
    message: str


class ErrorOut(Schema):
    detail: str
    code: str
    errors: list[FieldErrorOut] = []


def errors(*statuses: int) -> dict[int, type[ErrorOut]]:
    """Error answers an operation gives beyond those every operation of its kind gives (see
    `core/openapi.py`): `response={200: BookingOut, **errors(409, 410)}`."""
    return dict.fromkeys(statuses, ErrorOut)


SERVER_ERROR = (
    "Something went wrong on our side. We have been told about it. Please try again later; "
    "if it keeps happening, contact the network team."
)
API_PREFIX = "/api/v1/"
logger = logging.getLogger("django.request")


def _field_name(loc: list[Any] | tuple[Any, ...]) -> str:
    # ninja reports e.g. ("body", "payload", "name") or ("query", "page"); people want "name".
    parts = [str(p) for p in loc if p not in {"body", "query", "path", "form", "header", "cookie"}]
    if len(parts) > 1 and parts[0] in {"payload", "data", "filters"}:
        parts = parts[1:]
    return ".".join(parts) or "__all__"


def _message(error: dict[str, Any]) -> str:
    worded = pydantic_message(error, _field_name(error.get("loc", ())))
    if worded is not None:
        return worded
    msg = str(error.get("msg", "Invalid value"))
    # pydantic prefixes custom validator messages with "Value error, ".
    return msg.removeprefix("Value error, ")


def error_response(
    api: NinjaAPI,
    request: HttpRequest,
    *,
    status: int,
    detail: str,
    code: str,
    errors: list[dict[str, str]] | None = None,
) -> HttpResponse:
    return api.create_response(
        request, {"detail": detail, "code": code, "errors": errors or []}, status=status
    )


def install_error_handlers(api: NinjaAPI) -> None:
    @api.exception_handler(ApplicationError)
    def _application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        return api.create_response(request, exc.as_json(), status=exc.status)

    @api.exception_handler(ValidationError)
    def _validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
        errors = [
            {"field": _field_name(e.get("loc", ())), "message": _message(e)} for e in exc.errors
        ]
        first = errors[0] if errors else {"field": "", "message": "Invalid input"}
        return error_response(
            api,
            request,
            status=422,
            detail=f"{first['field']}: {first['message']}" if first["field"] else first["message"],
            code="invalid",
            errors=errors,
        )

    @api.exception_handler(AuthenticationError)
    def _auth_error(request: HttpRequest, exc: AuthenticationError) -> HttpResponse:
        return error_response(
            api,
            request,
            status=401,
            detail="Sign in, or send a valid API token as 'Authorization: Bearer <token>'.",
            code="not_authenticated",
        )

    @api.exception_handler(Http404)
    def _not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
        return error_response(
            api, request, status=404, detail="We could not find that.", code="not_found"
        )

    @api.exception_handler(DjangoPermissionDenied)
    def _forbidden(request: HttpRequest, exc: DjangoPermissionDenied) -> HttpResponse:
        return error_response(
            api,
            request,
            status=403,
            detail=str(exc) or "You do not have permission to do that.",
            code="permission_denied",
        )

    @api.exception_handler(HttpError)
    def _http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        return error_response(
            api, request, status=exc.status_code, detail=str(exc.message), code="error"
        )

    @api.exception_handler(Exception)
    def _server_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        # Logged as Django logs an uncaught exception (with the traceback, to the admins' mail
        # handler too); the answer never carries the exception's text.
        logger.error(
            "Internal Server Error: %s",
            request.path,
            exc_info=exc,
            extra={"status_code": 500, "request": request},
        )
        return error_response(api, request, status=500, detail=SERVER_ERROR, code="server_error")


_CODES = {
    400: ("bad_request", "We could not understand that request."),
    401: (
        "not_authenticated",
        "Sign in, or send a valid API token as 'Authorization: Bearer <token>'.",
    ),
    403: ("permission_denied", "You do not have permission to do that."),
    404: (
        "not_found",
        "There is nothing at this address. The API's paths are listed at /api/v1/docs.",
    ),
    405: ("method_not_allowed", "This address does not take {method}. It takes {allowed}."),
    413: ("too_large", "That request is too large."),
    429: ("too_many_requests", "Too many requests. Please wait and try again."),
    500: ("server_error", SERVER_ERROR),
}


def _allowed_methods(response: HttpResponse) -> list[str]:
    methods = {m.strip().upper() for m in response.get("Allow", "").split(",") if m.strip()}
    if "GET" in methods:
        methods.add("HEAD")
    return sorted(methods | {"OPTIONS"})


class ApiErrorShapeMiddleware:
    """Under /api/v1/: an error from outside an operation (Django's 404 page for an unknown path,
    ninja's plain-text 405, a 500 page) answers the JSON error shape like every other; HEAD is a
    GET without the body, and OPTIONS answers 204 with the `Allow` header."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if not request.path.startswith(API_PREFIX):
            return self.get_response(request)
        method = request.method or "GET"
        if method == "HEAD":
            request.method = "GET"
        try:
            response = self.get_response(request)
        finally:
            request.method = method
        if response.status_code == 405:
            allowed = _allowed_methods(response)
            if method == "OPTIONS":
                return HttpResponse(status=204, headers={"Allow": ", ".join(allowed)})
            response = self._error(405, method=method, allowed=", ".join(allowed))
            response["Allow"] = ", ".join(allowed)
        elif response.status_code >= 400 and not response.get("Content-Type", "").startswith(
            "application/json"
        ):
            response = self._error(response.status_code, method=method)
        if method == "HEAD":
            return _without_body(response)
        return response

    @staticmethod
    def _error(status: int, **words: str) -> HttpResponse:
        code, detail = _CODES.get(status, ("error", "That could not be done."))
        return JsonResponse(
            {"detail": detail.format(**words), "code": code, "errors": []}, status=status
        )


def _without_body(response: HttpResponse) -> HttpResponse:
    if getattr(response, "streaming", False):
        empty = HttpResponse(status=response.status_code)
        for header, value in response.items():
            empty[header] = value
        response.close()
        return empty
    length = len(response.content)
    response.content = b""
    response["Content-Length"] = str(length)
    return response


class Mapped:
    """A queryset whose rows are turned into output dicts only for the page being served, so an
    operation can shape its output in Python without loading every row: row by row
    (`transform`), or the whole page at once (`page`, e.g. to read the page's related rows in one
    query each)."""

    def __init__(
        self, queryset: Any, transform: Any = None, *, page: Any = None, counted: Any = None
    ) -> None:
        self.queryset = queryset
        self.page = page or (lambda rows: [transform(row) for row in rows])
        # What to count, when counting the rows themselves would compute their annotations for
        # every row (a subquery each), not just the page's.
        self.counted = counted if counted is not None else queryset

    def count(self) -> int:
        return int(self.counted.count())

    def __getitem__(self, page: slice) -> list[Any]:
        return list(self.page(list(self.queryset[page])))


class PageNumber(PaginationBase):
    """`?page=N` (from 1) with a fixed page size; answers {items, count, page, pages}."""

    class Input(Schema):
        page: int = Field(1, ge=1, le=1_000_000)

    class Output(Schema):
        items: list[Any]
        count: int
        page: int
        pages: int

    items_attribute = "items"

    def __init__(self, page_size: int = 50, **kwargs: Any) -> None:
        self.page_size = page_size
        super().__init__(**kwargs)

    def paginate_queryset(
        self, queryset: Any, pagination: Any, request: HttpRequest | None = None, **params: Any
    ) -> dict[str, Any]:
        if pagination.page < 1:
            raise ApplicationError("invalid", "page must be 1 or more.", field="page", status=422)
        count = len(queryset) if isinstance(queryset, list) else queryset.count()
        pages = max((count + self.page_size - 1) // self.page_size, 1)
        start = (pagination.page - 1) * self.page_size
        return {
            "items": list(queryset[start : start + self.page_size]),
            "count": count,
            "page": pagination.page,
            "pages": pages,
        }
