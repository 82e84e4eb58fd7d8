"""Page-number pagination for HTML lists, with a clear 404 for pages that do not exist."""

from __future__ import annotations

from typing import Any

from django.core.paginator import EmptyPage, Page, PageNotAnInteger, Paginator
from django.http import HttpRequest

from .errors import NotFound


def paginate(request: HttpRequest, items: Any, *, per_page: int = 25) -> Page:
    paginator = Paginator(items, per_page)
    try:
        return paginator.page(request.GET.get("page", 1))
    except (EmptyPage, PageNotAnInteger) as exc:
        raise NotFound("That page of results does not exist.") from exc


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()
