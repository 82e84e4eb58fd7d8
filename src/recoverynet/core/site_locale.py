"""The site's one language and time zone, made the active ones for each request and each task.

Django uses `LANGUAGE_CODE` and `TIME_ZONE` when none is active, so a page reads the same either
way. But it learns that none is active from a failed thread-local read (asgiref's `Local`), which
raises and formats an `AttributeError` each time: for every translated string, date and URL a page
renders. "My bookings" for a recovery lead made about 740 such reads, a tenth of the page's CPU
(issue #17). Once the defaults are active, each is a dictionary read.

Only the defaults, never a choice: Django's `LocaleMiddleware` would pick a language from the
browser's Accept-Language, and the site is written in British English alone (its own catalogue in
`locale/en_GB` sets allauth's headings in sentence case)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.utils import timezone, translation


def activate() -> None:
    """Make the site's language and time zone the active ones on this thread."""
    translation.activate(settings.LANGUAGE_CODE)
    timezone.activate(timezone.get_default_timezone())


class SiteLocaleMiddleware:
    """Activates the site's language and time zone for each request (first in `MIDDLEWARE`, so
    error pages get them too)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        activate()
        return self.get_response(request)


def task_started(sender: Any, **kwargs: Any) -> None:
    """The same for each background task (django-tasks' `task_started` signal): e-mails and PDFs
    render dates, URLs and strings as pages do."""
    activate()
