"""The network team's pages for networks: the manage index, adding a network, settings, tax rates, tiers."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.views import form_page

from .. import access, selectors, services
from ..forms import (
    NetworkCreateForm,
    NetworkSettingsForm,
    TaxRateForm,
    TierForm,
)
from ..models import MembershipStatus
from .common import _coordinator_network, _team_only

# --- Network team -----------------------------------------------------------------------------------------


@login_required
def manage(request: HttpRequest) -> HttpResponse:
    _team_only(request)
    return render(
        request,
        "network/manage/index.html",
        {
            "networks": selectors.team_networks(actor=request.user),
            "can_add_organisations": access.is_any_coordinator(request.user),
            "can_add_networks": access.is_admin(request.user),
            "title": "Manage networks",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_add(request: HttpRequest) -> HttpResponse:
    if not access.is_admin(request.user):
        raise PermissionDenied("Only an administrator can add a network.")
    form = NetworkCreateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        data["tax_rate"] = data.pop("tax_percent") / 100
        try:
            network = services.network_create(actor=request.user, **data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{network.name} has been created. Add its membership tiers next."
            )
            return redirect("network:manage-network", slug=network.slug)
    return form_page(
        request, form, title="Add a network", submit="Add network", back=reverse("network:manage")
    )


@login_required
def manage_network(request: HttpRequest, slug: str) -> HttpResponse:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    status = request.GET.get("status", MembershipStatus.ACTIVE)
    if status not in {*MembershipStatus.values, "all"}:
        status = MembershipStatus.ACTIVE
    memberships = selectors.network_memberships(
        actor=request.user, network=network, status="" if status == "all" else status
    )
    return render(
        request,
        "network/manage/network.html",
        {
            "network": network,
            "memberships": memberships,
            "status": status,
            "statuses": [*MembershipStatus.choices, ("all", "All")],
            "team": selectors.network_team(actor=request.user, network=network),
            "invitations": selectors.network_invitations(actor=request.user, network=network),
            "tiers": network.tiers.all(),
            "tax_rates": network.tax_rates.all(),
            "can_manage": access.can_manage_network(request.user, network.pk),
            "title": f"Manage {network.name}",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def network_settings(request: HttpRequest, slug: str) -> HttpResponse:
    network = _coordinator_network(request, slug)
    initial = {f: getattr(network, f) for f in NetworkSettingsForm.base_fields}
    form = NetworkSettingsForm(request.POST if request.method == "POST" else None, initial=initial)
    tax_form = TaxRateForm(prefix="tax")
    if request.method == "POST" and form.is_valid():
        try:
            services.network_update(actor=request.user, network=network, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Network settings saved.")
            return redirect("network:manage-network", slug=slug)
    return render(
        request,
        "network/manage/network_settings.html",
        {
            "network": network,
            "form": form,
            "tax_form": tax_form,
            "title": f"Settings for {network.name}",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def tax_rate_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _coordinator_network(request, slug)
    tax_form = TaxRateForm(request.POST, prefix="tax")
    if tax_form.is_valid():
        services.tax_rate_set(
            actor=request.user,
            network=network,
            rate=tax_form.cleaned_data["percent"] / 100,
            valid_from=tax_form.cleaned_data["valid_from"],
        )
        messages.success(request, "Tax rate saved.")
        return redirect("network:manage-network", slug=slug)
    initial = {f: getattr(network, f) for f in NetworkSettingsForm.base_fields}
    return render(
        request,
        "network/manage/network_settings.html",
        {
            "network": network,
            "form": NetworkSettingsForm(initial=initial),
            "tax_form": tax_form,
            "title": f"Settings for {network.name}",
        },
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def tier_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _coordinator_network(request, slug)
    form = TierForm(request.POST if request.method == "POST" else None, currency=network.currency)
    if request.method == "POST" and form.is_valid():
        try:
            services.tier_create(actor=request.user, network=network, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Tier added.")
            return redirect("network:manage-network", slug=slug)
    return form_page(
        request,
        form,
        network=network,
        title="Add a membership tier",
        submit="Add tier",
        back=reverse("network:manage-network", args=[slug]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def tier_edit(request: HttpRequest, slug: str, tier_id: int) -> HttpResponse:
    """Change a tier: its name, member rates, description and annual fee."""
    network = _coordinator_network(request, slug)
    tier = selectors.tier_get(actor=request.user, network=network, tier_id=tier_id)
    initial = {
        "name": tier.name,
        "member_rates": tier.member_rates,
        "description": tier.description,
        "annual_fee": tier.annual_fee,
    }
    form = TierForm(
        request.POST if request.method == "POST" else None,
        initial=initial,
        currency=network.currency,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.tier_update(actor=request.user, tier=tier, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{tier.name} is saved.")
            return redirect("network:manage-network", slug=slug)
    return form_page(
        request,
        form,
        network=network,
        title=f"Change the tier {tier.name}",
        submit="Save the tier",
        back=reverse("network:manage-network", args=[slug]),
    )
