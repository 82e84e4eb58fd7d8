"""Error pages and the shared-kernel pages (audit history is rendered by the apps that own objects)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .errors import ApplicationError

_TITLES = {
    400: "There is a problem with your request",
    403: "You do not have permission to see this page",
    404: "Page not found",
    409: "That could not be done",
    429: "Too many attempts",
    500: "Sorry, there is a problem with the service",
}


def application_error_page(request: HttpRequest, error: ApplicationError) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {"title": _TITLES.get(error.status, "That could not be done"), "message": error.message},
        status=error.status,
    )


def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(request, "core/error.html", {"title": _TITLES[400], "message": ""}, status=400)


def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    return render(
        request, "core/error.html", {"title": _TITLES[403], "message": message}, status=403
    )


def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _TITLES[404],
            "message": "If you typed the web address, check it is correct. "
            "If you pasted the web address, check you copied the entire address.",
        },
        status=404,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": _TITLES[500],
            "message": "Please try again later. Nothing you entered was saved twice.",
        },
        status=500,
    )


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return render(
        request,
        "core/error.html",
        {
            "title": "Your form has expired",
            "message": "For your security, forms expire. Go back, reload the page and try again.",
        },
        status=403,
    )


def form_page(
    request: HttpRequest,
    form: Any,
    *,
    title: str,
    submit: str,
    back: str,
    network: Any = None,
) -> HttpResponse:
    """The one-form page used for most "add" and "change" screens: the form with its error summary,
    a submit button and a cancel link; 400 when the submitted form has errors."""
    return render(
        request,
        "core/form_page.html",
        {"form": form, "title": title, "submit": submit, "back": back, "network": network},
        status=400 if form.is_bound and form.errors else 200,
    )
