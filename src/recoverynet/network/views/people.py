"""Accepting an invitation; signed-in people's organisations and their people."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error

from .. import access, selectors, services
from ..forms import (
    AddPersonForm,
    ChangeRoleForm,
)
from ..signup import INVITATION_SESSION_KEY

# --- Invitations --------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = selectors.invitation_by_token(token)
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
