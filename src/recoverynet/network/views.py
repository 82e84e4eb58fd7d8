"""HTML pages for networks, the member directory, organisations and the network team. Thin: each view
validates a form, calls one service or selector, and renders."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.core.views import form_page

from . import access, selectors, services
from .forms import (
    AddPersonForm,
    ChangeRoleForm,
    DirectoryFilterForm,
    MembershipEndForm,
    MembershipForm,
    NetworkCreateForm,
    NetworkSettingsForm,
    OrganisationForm,
    TaxRateForm,
    TeamRoleForm,
    TierForm,
)
from .models import MembershipStatus, Network
from .signup import INVITATION_SESSION_KEY

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
    network = selectors.network_get(slug)
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


def directory(request: HttpRequest) -> HttpResponse:
    networks = list(selectors.network_list())
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


def privacy(request: HttpRequest) -> HttpResponse:
    return render(request, "network/privacy.html", {"title": "Privacy"})


# --- Invitations --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.invitation_by_token(token)
    if not request.user.is_authenticated:
        if not invitation.is_open:
            raise ApplicationError(
                "expired", "This invitation has expired or has already been used.", status=410
            )
        # Remember the invitation through sign-up or sign-in, then come back here.
        request.session[INVITATION_SESSION_KEY] = token
        return render(
            request,
            "network/invitation.html",
            {"invitation": invitation, "title": "Your invitation"},
        )
    if request.method == "POST":
        services.invitation_accept(user=request.user, raw_token=token)
        request.session.pop(INVITATION_SESSION_KEY, None)
        messages.success(request, f"You have joined {invitation.network.name}.")
        return redirect("network:my-organisations")
    return render(
        request, "network/invitation.html", {"invitation": invitation, "title": "Your invitation"}
    )


# --- Signed-in people -------------------------------------------------------------------------------------


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "network/my_organisations.html",
        {
            "affiliations": selectors.my_affiliations(actor=request.user),
            "participations": selectors.my_participations(actor=request.user),
            "title": "My organisations",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def organisation_people(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    people = selectors.organisation_people(actor=request.user, organisation=organisation)
    can_manage = access.can_manage_people(request.user, organisation)
    form = AddPersonForm(request.POST if request.method == "POST" else None) if can_manage else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied()
        if form.is_valid():
            try:
                result = services.affiliation_add(
                    actor=request.user,
                    organisation=organisation,
                    email=form.cleaned_data["email"],
                    role=form.cleaned_data["role"],
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                if result.invitation:
                    messages.success(
                        request, f"We have sent an invitation to {result.invitation.email}."
                    )
                else:
                    messages.success(request, f"{form.cleaned_data['email']} has been added.")
                return redirect("network:organisation-people", slug=slug)
    return render(
        request,
        "network/organisation_people.html",
        {
            "organisation": organisation,
            "people": people,
            "invitations": selectors.organisation_invitations(
                actor=request.user, organisation=organisation
            ),
            "form": form,
            "can_manage": can_manage,
            "title": f"People at {organisation.name}",
        },
        status=400 if form is not None and form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def affiliation_edit(request: HttpRequest, slug: str, affiliation_id: int) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    affiliation = selectors.affiliation_get(
        actor=request.user, organisation=organisation, affiliation_id=affiliation_id
    )
    form = ChangeRoleForm(
        request.POST if request.method == "POST" else None, initial={"role": affiliation.role}
    )
    if request.method == "POST" and "remove" in request.POST:
        try:
            services.affiliation_remove(actor=request.user, affiliation=affiliation)
        except ApplicationError as exc:
            form = ChangeRoleForm({"role": affiliation.role})
            form.is_valid()
            add_service_error(form, exc)
        else:
            messages.success(request, f"{affiliation.user.display_name} has been removed.")
            return redirect("network:organisation-people", slug=slug)
    elif request.method == "POST" and form.is_valid():
        try:
            services.affiliation_change_role(
                actor=request.user, affiliation=affiliation, role=form.cleaned_data["role"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Role changed.")
            return redirect("network:organisation-people", slug=slug)
    return render(
        request,
        "network/affiliation_edit.html",
        {
            "organisation": organisation,
            "affiliation": affiliation,
            "form": form,
            "title": "Change role",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


# --- Network team -----------------------------------------------------------------------------------------


def _team_only(request: HttpRequest) -> None:
    if not access.is_network_team(request.user):
        raise PermissionDenied("Only the network team can see this page.")


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


def _coordinator_network(request: HttpRequest, slug: str) -> Network:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    if not access.can_manage_network(request.user, network.pk):
        raise PermissionDenied("Only a coordinator of this network can do that.")
    return network


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
    form = TierForm(request.POST if request.method == "POST" else None)
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
    coordinated = access.roles(request.user).coordinator_network_ids()
    form = OrganisationForm(
        request.POST if request.method == "POST" else None,
        adding_networks=Network.objects.filter(pk__in=coordinated).order_by("name"),
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


# --- Audit ------------------------------------------------------------------------------------------------


@login_required
def organisation_audit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = selectors.organisation_public(slug)
    entries = selectors.audit_for_organisation(actor=request.user, organisation=organisation)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": organisation.name,
            "object_label": organisation.name,
            "back_url": reverse("network:organisation-detail", args=[slug]),
        },
    )


@login_required
def membership_audit(request: HttpRequest, membership_id: int) -> HttpResponse:
    membership = selectors.membership_get(actor=request.user, membership_id=membership_id)
    entries = selectors.audit_for_membership(actor=request.user, membership=membership)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": str(membership),
            "object_label": membership.network.name,
            "back_url": reverse("network:manage-network", args=[membership.network.slug]),
        },
    )


@login_required
def person_audit(request: HttpRequest, person_id: int) -> HttpResponse:
    person = selectors.person_get_for_audit(actor=request.user, person_id=person_id)
    entries = selectors.audit_for_person(actor=request.user, person=person)
    return render(
        request,
        "core/audit_history.html",
        {
            "entries": entries,
            "title": person.display_name,
            "object_label": "Manage networks",
            "back_url": reverse("network:manage"),
        },
    )
