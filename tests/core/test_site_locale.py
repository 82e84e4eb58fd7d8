"""The site's language and time zone are the active ones in every request and task (core/site_locale.py),
so Django never falls back to them through a failed thread-local read, and pages read the same."""

from __future__ import annotations

from typing import Any

import pytest
from django.http import HttpRequest, HttpResponse
from django.test import RequestFactory
from django.utils import timezone, translation
from django.utils.translation import trans_real
from django_tasks import task

from recoverynet.core import queues, site_locale


def _active() -> tuple[Any, Any]:
    # What is active on this thread, without Django's fallback to the defaults.
    language = getattr(trans_real._active, "value", None)
    zone = getattr(timezone._active, "value", None)
    return language, zone


def test_a_request_runs_with_the_site_language_and_time_zone_active(settings: Any) -> None:
    seen: list[tuple[Any, Any]] = []

    def view(request: HttpRequest) -> HttpResponse:
        seen.append(_active())
        return HttpResponse("ok")

    translation.deactivate()
    timezone.deactivate()
    site_locale.SiteLocaleMiddleware(view)(RequestFactory().get("/"))
    language, zone = seen[0]
    assert language is not None and language.to_language() == settings.LANGUAGE_CODE
    assert zone is not None and zone.key == settings.TIME_ZONE


def test_the_middleware_comes_first(settings: Any) -> None:
    assert settings.MIDDLEWARE[0] == "recoverynet.core.site_locale.SiteLocaleMiddleware"


@task(queue_name=queues.DEFAULT)
def probe() -> str:
    language, zone = _active()
    return f"{language.to_language() if language else None}|{zone.key if zone else None}"


@pytest.mark.django_db
def test_a_task_runs_with_them_active(settings: Any) -> None:
    translation.deactivate()
    timezone.deactivate()
    assert probe.enqueue().return_value == f"{settings.LANGUAGE_CODE}|{settings.TIME_ZONE}"


def test_the_site_catalogue_still_applies_once_active() -> None:
    site_locale.activate()
    # locale/en_GB sets allauth's headings in sentence case.
    assert translation.gettext("Change Password") == "Change password"
