"""A person's own account pages: profile, perspective, API tokens, download and erase their data."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core import files, slots
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from . import selectors, services
from .forms import ApiTokenForm, EraseForm, PerspectiveForm, ProfileForm
from .http import AuthenticatedRequest


@login_required
def home(request: AuthenticatedRequest) -> HttpResponse:
    """ "Your things": what waits for the person, gathered from the apps through the `your_things`
    UI slot (core names no domain app). Where people land after signing in."""
    sections = slots.items("your_things", request)
    waiting = [s for s in sections if s.context.get("things") or not s.template]
    return render(request, "accounts/home.html", {"sections": waiting, "title": "Your things"})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(
        request.POST if request.method == "POST" else None,
        initial={
            "full_name": user.full_name,
            "preferred_name": user.preferred_name,
            "job_title": user.job_title,
        },
    )
    if request.method == "POST" and form.is_valid():
        services.profile_update(actor=user, user=user, **form.cleaned_data)
        messages.success(request, "Your profile has been saved.")
        return redirect("accounts:profile")
    return render(
        request,
        "accounts/profile.html",
        {"form": form, "title": "Your profile"},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def perspective(request: AuthenticatedRequest) -> HttpResponse:
    user = request.user
    form = PerspectiveForm(
        request.POST if request.method == "POST" else None,
        initial={"perspective": user.perspective},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.perspective_set(
                actor=user, user=user, perspective=form.cleaned_data["perspective"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request,
                "Your perspective has been saved."
                if user.perspective
                else "Your perspective has been removed.",
            )
            return redirect("accounts:profile")
    return render(
        request,
        "accounts/perspective.html",
        {"form": form, "title": "Your perspective"},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def api_tokens(request: AuthenticatedRequest) -> HttpResponse:
    form = ApiTokenForm(request.POST if request.method == "POST" else None)
    new_token = None
    if request.method == "POST" and form.is_valid():
        try:
            created = services.api_token_create(actor=request.user, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            new_token = created.raw
            form = ApiTokenForm()
    return render(
        request,
        "accounts/api_tokens.html",
        {
            "form": form,
            "tokens": selectors.api_token_list(actor=request.user),
            "new_token": new_token,
            "title": "API tokens",
            "now": timezone.now(),
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_POST
def api_token_revoke(request: AuthenticatedRequest, token_id: int) -> HttpResponse:
    token = services.api_token_revoke(actor=request.user, token_id=token_id)
    messages.success(request, f'The token "{token.name}" has been revoked. It no longer works.')
    return redirect("accounts:api-tokens")


@login_required
@require_http_methods(["GET", "POST"])
def data_download(request: AuthenticatedRequest) -> HttpResponse:
    """ "Download my data": start preparing it (POST), then a status page that shows progress and,
    when ready, the JSON and PDF downloads. Works without JavaScript (the page refreshes itself)."""
    if request.method == "POST":
        services.data_export_request(actor=request.user)
        return redirect("accounts:data-download")
    latest = selectors.data_export_latest(actor=request.user)
    busy = latest is not None and latest.status in ("waiting", "building")
    return render(
        request,
        "accounts/data_download.html",
        {"title": "Download your data", "export": latest, "busy": busy},
    )


@login_required
def data_export_file(
    request: AuthenticatedRequest, public_id: uuid.UUID, kind: str
) -> FileResponse:
    _export, name = selectors.data_export_file(actor=request.user, public_id=public_id, kind=kind)
    response = FileResponse(files.open_file("data-exports", name))
    filename = f"my-recoverynet-data.{kind}"
    protect(response, filename=filename)
    return response


@login_required
@require_http_methods(["GET", "POST"])
def erase(request: AuthenticatedRequest) -> HttpResponse:
    form = EraseForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.account_erase(actor=request.user, user=request.user)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            logout(request)
            messages.success(
                request, "Your account has been closed and your personal details removed."
            )
            return redirect("network:home")
    return render(
        request,
        "accounts/erase.html",
        {"form": form, "title": "Close your account"},
        status=400 if form.is_bound and form.errors else 200,
    )
