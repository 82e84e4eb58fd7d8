"""Public pages: home, networks, the member directory, organisations (the privacy page is made
from the personal-data map by the privacy app)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from recoverynet.core.page_cache import public_page
from recoverynet.core.pagination import paginate, query_without_page

from .. import access, selectors
from ..forms import (
    DirectoryFilterForm,
)

# --- Public pages -----------------------------------------------------------------------------------


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "network/home.html", {"networks": selectors.network_list()})


def network_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/network_list.html",
        {"networks": selectors.network_list(), "title": "Networks"},
    )


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.network_get(slug, member_count=True)
    return render(
        request,
        "network/network_detail.html",
        {
            "network": network,
            "title": network.name,
            "tax_rate_percent": network.tax_rate_on() * 100,
            "tiers": network.tiers.all(),
            "can_manage": access.is_network_team(request.user, network.pk),
        },
    )


@public_page("directory")
def directory(request: HttpRequest) -> HttpResponse:
    networks = selectors.networks_by_name()
    form = DirectoryFilterForm(request.GET or None, networks=networks)
    filters = form.cleaned_data if form.is_valid() else {}
    organisations = selectors.directory(
        network_slug=filters.get("network", ""),
        kind=filters.get("kind", ""),
        query=filters.get("q", ""),
    )
    page = paginate(request, organisations, per_page=20)
    return render(
        request,
        "network/directory.html",
        {
            "form": form,
            "page_obj": page,
            "query": query_without_page(request),
            "title": "Member directory",
        },
    )


@public_page("directory")
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    user = request.user
    return render(
        request,
        "network/organisation_detail.html",
        {
            "organisation": organisation,
            "title": organisation.name,
            "can_view_people": access.can_view_private(user, organisation),
            "can_manage": access.can_manage_organisation(user, organisation),
            "can_view_audit": access.can_view_audit(user, organisation),
        },
    )
