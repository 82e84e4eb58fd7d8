"""One guard for every request: a control character (NUL and the like) or a lone surrogate in a path
parameter, query string, form field or JSON body is refused before any view runs, with a message
naming the field — a 422 JSON error under /api/, a 400 page elsewhere (decision 0013).

Databases cannot store NUL (PostgreSQL refuses it; SQLite cuts text at it), so without this every
view that passed such a value on would fail with a 500 or store something other than was sent.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterator
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from .errors import ApplicationError
from .text import bad_character

Found = tuple[str, str]  # (field, the refused character, escaped)


def _name(key: str) -> str:
    # A field name that itself holds a refused character is shown escaped.
    return key.encode("unicode_escape").decode("ascii") if bad_character(key) else key


def _walk_json(body: Any) -> Iterator[tuple[str, str]]:
    """Every key and string in a JSON document, with its dotted path ("delegates.1.name"). A stack,
    not recursion, so that a deeply nested body cannot exhaust Python's stack."""
    stack: list[tuple[str, Any]] = [("", body)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, str):
            yield path, value
        elif isinstance(value, dict):
            for key, item in reversed(list(value.items())):
                name = f"{path}.{_name(str(key))}" if path else _name(str(key))
                stack.append((name, item))
                stack.append((name, str(key)))  # the key itself
        elif isinstance(value, list):
            stack.extend(
                (f"{path}.{i}" if path else str(i), item)
                for i, item in reversed(list(enumerate(value)))
            )


def _values(request: HttpRequest, view_kwargs: dict[str, Any]) -> Iterator[tuple[str, str]]:
    for key, value in view_kwargs.items():
        if isinstance(value, str):
            yield key, value
    yield "path", request.path
    for key, value in request.headers.items():
        yield _name(key), value
    for key, values in request.GET.lists():
        yield _name(key), key
        for value in values:
            yield _name(key), value
    content_type = request.content_type or ""
    if request.method == "POST" and content_type in (
        "application/x-www-form-urlencoded",
        "multipart/form-data",
    ):
        for key, values in request.POST.lists():
            yield _name(key), key
            for value in values:
                yield _name(key), value
        for key, files in request.FILES.lists():
            for upload in files:
                yield _name(key), upload.name or ""
    elif content_type == "application/json" and request.body:
        try:
            body = json.loads(request.body)
        except (ValueError, RecursionError):
            return  # not JSON (or absurdly nested): the API's own parsing answers that
        yield from _walk_json(body)


def find_control_character(request: HttpRequest, view_kwargs: dict[str, Any]) -> Found | None:
    for field, value in _values(request, view_kwargs):
        found = bad_character(value)
        if found is not None:
            return field, found
    return None


class RejectControlCharactersMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view_func: Callable[..., Any],
        view_args: tuple[Any, ...],
        view_kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        found = find_control_character(request, view_kwargs)
        if found is None:
            return None
        field, character = found
        if request.path.startswith("/api/"):
            message = f"{field} contains a character we cannot accept ({character})."
            error = ApplicationError("invalid", message, field=field, status=422)
            return JsonResponse(error.as_json(), status=422)
        from .views import application_error_page

        message = (
            f"The web address or form contains a character we cannot accept ({character}, "
            f"in “{field}”). Go back, remove it and try again."
        )
        return application_error_page(
            request, ApplicationError("invalid", message, field=field, status=400)
        )
