"""The network team's pages for organisations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.core.views import form_page

from .. import access, selectors, services
from ..forms import (
    OrganisationForm,
)
from .common import _team_only


@login_required
def organisation_list_manage(request: HttpRequest) -> HttpResponse:
    q = request.GET.get("q", "")[:100]
    organisations = selectors.organisations_for_team(actor=request.user, query=q)
    page = paginate(request, organisations, per_page=25)
    return render(
        request,
        "network/manage/organisations.html",
        {
            "page_obj": page,
            "q": q,
            "query": query_without_page(request),
            "title": "Organisations",
            "can_add": access.is_any_coordinator(request.user),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_add(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    if not access.is_any_coordinator(request.user):
        raise PermissionDenied("Only a coordinator can add organisations.")
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        adding_networks=selectors.networks_coordinated(actor=request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            organisation = services.organisation_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{organisation.name} has been added.")
            return redirect("network:organisation-detail", slug=organisation.slug)
    return form_page(
        request,
        form,
        title="Add an organisation",
        submit="Add organisation",
        back=reverse("network:organisation-list-manage"),
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    if not access.can_manage_organisation(request.user, organisation):
        raise PermissionDenied("Only a coordinator of this organisation's networks can change it.")
    initial = {f: getattr(organisation, f) for f in OrganisationForm.base_fields}
    form = OrganisationForm(
        request.POST if request.method == "POST" else None, initial=initial, instance=organisation
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.organisation_update(
                actor=request.user, organisation=organisation, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Organisation details saved.")
            return redirect("network:organisation-detail", slug=slug)
    return form_page(
        request,
        form,
        title=f"Change {organisation.name}",
        submit="Save changes",
        back=reverse("network:organisation-detail", args=[slug]),
    )
