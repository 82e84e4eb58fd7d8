"""Instrument definitions (everyone signed in reads their structure; administrators load a new
version from a file) and an organisation's signposting messages."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.network import selectors as network_selectors

from .. import access, selectors, services
from ..forms import DefinitionUploadForm, SignpostForm


@login_required
@require_http_methods(["GET", "POST"])
def instruments(request: AuthenticatedRequest) -> HttpResponse:
    may_load = access.can_load_definitions(request.user)
    form = DefinitionUploadForm(request.POST or None, request.FILES or None) if may_load else None
    if request.method == "POST":
        if form is None:
            raise PermissionDenied("Only administrators can load instrument definitions.")
        if form.is_valid():
            try:
                loaded = services.instrument_load(
                    actor=request.user, text=form.cleaned_data["file"]
                )
            except ApplicationError as exc:
                if exc.status in (403, 404):
                    raise
                add_service_error(form, exc)
            else:
                messages.success(request, f"{loaded} is loaded.")
                return redirect("outcomes:instruments")
    found = [(i, selectors.definition_of(i)) for i in selectors.instrument_list(actor=request.user)]
    return render(
        request,
        "outcomes/instruments.html",
        {"instruments": found, "form": form, "title": "Questionnaires"},
        status=400 if form is not None and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def signposts(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    organisation = network_selectors.organisation_public(slug)
    if not access.can_plan(request.user, organisation):
        raise PermissionDenied("Only the recovery lead or the network's coordinators can do this.")
    form = SignpostForm(
        request.POST or None, instruments=selectors.instrument_list(actor=request.user)
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.signpost_set(
                actor=request.user,
                organisation=organisation,
                instrument=data["instrument"],
                item=data["item"],
                values=data["values"],
                message=data["message"],
            )
        except ApplicationError as exc:
            if exc.status in (403, 404):
                raise
            add_service_error(form, exc)
        else:
            messages.success(request, "The message is saved.")
            return redirect("outcomes:signposts", slug=organisation.slug)
    return render(
        request,
        "outcomes/signposts_manage.html",
        {
            "organisation": organisation,
            "form": form,
            "signposts": selectors.signposts_for(organisation=organisation),
            "title": "Signposting messages",
        },
        status=400 if form.errors else 200,
    )
