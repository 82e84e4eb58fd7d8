"""The network team's pages for memberships, the team itself and invitations."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.views import form_page

from .. import access, selectors, services
from ..forms import (
    MembershipEndForm,
    MembershipForm,
    TeamRoleForm,
)
from .common import _coordinator_network


@login_required
@require_http_methods(["GET", "POST"])
def membership_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _coordinator_network(request, slug)
    form = MembershipForm(
        request.POST if request.method == "POST" else None,
        network=network,
        initial=request.GET.dict() or None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_create(actor=request.user, network=network, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, f"{form.cleaned_data['organisation'].name} is now a member.")
            return redirect("network:manage-network", slug=slug)
    return form_page(
        request,
        form,
        network=network,
        title=f"Add a membership of {network.name}",
        submit="Add membership",
        back=reverse("network:manage-network", args=[slug]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def membership_end(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    if not access.can_manage_network(request.user, membership.network_id):
        raise PermissionDenied("Only a coordinator of this network can do that.")
    form = MembershipEndForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.membership_end(actor=request.user, membership=membership, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"The membership of {membership.organisation.name} has ended."
            )
            return redirect("network:manage-network", slug=membership.network.slug)
    return form_page(
        request,
        form,
        network=membership.network,
        title=f"End the membership of {membership.organisation.name}",
        submit="End membership",
        back=reverse("network:manage-network", args=[membership.network.slug]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def team_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = _coordinator_network(request, slug)
    form = TeamRoleForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            result = services.network_role_grant(
                actor=request.user, network=network, **form.cleaned_data
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            if isinstance(result, services.Invitation):
                messages.success(request, f"We have sent an invitation to {result.email}.")
            else:
                messages.success(
                    request, f"{result.user.email} is now a {result.get_role_display().lower()}."
                )
            return redirect("network:manage-network", slug=slug)
    return form_page(
        request,
        form,
        network=network,
        title=f"Add someone to the {network.name} team",
        submit="Add to team",
        back=reverse("network:manage-network", args=[slug]),
    )


@login_required
@require_POST
def team_remove(request: HttpRequest, slug: str, role_id: int) -> HttpResponse:
    network = _coordinator_network(request, slug)
    role = selectors.network_team(actor=request.user, network=network).filter(pk=role_id).first()
    if role is None:
        raise NotFound()
    services.network_role_revoke(actor=request.user, network_role=role)
    messages.success(
        request, f"{role.user.email} is no longer a {role.get_role_display().lower()}."
    )
    return redirect("network:manage-network", slug=slug)


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> HttpResponse:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    invitation = (
        selectors.network_invitations(actor=request.user, network=network)
        .filter(pk=invitation_id)
        .first()
    )
    if invitation is None:
        raise NotFound()
    services.invitation_revoke(actor=request.user, invitation=invitation)
    messages.success(request, f"The invitation for {invitation.email} has been withdrawn.")
    return redirect("network:manage-network", slug=slug)
