"""Framework pages (public): the current frameworks and one version."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from .. import framework_views, selectors


def framework_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "challenges/framework_list.html",
        {"frameworks": selectors.frameworks_current(), "title": "Self-assessment frameworks"},
    )


def framework_detail(request: HttpRequest, pk: int) -> HttpResponse:
    framework = selectors.framework_get(pk)
    return render(
        request,
        "challenges/framework_detail.html",
        {
            "framework": framework,
            "title": framework.name,
            "can_edit": framework.is_current and framework_views.can_edit(request.user, framework),
        },
    )
