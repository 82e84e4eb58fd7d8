"""Library pages: search, share a resource, one resource with its versions, a new version, and the
team's review. Thin: validate a form, call one service or selector, redirect or render."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import kept_uploads
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.core.private_pages import private_page
from recoverynet.network import access as network_access
from recoverynet.network import selectors as network_selectors

from . import access, selectors, services
from .forms import ModerateForm, ResourceFilterForm, ResourceForm, VersionForm
from .models import Resource


def _status(form: Any) -> int:
    """400 when a submitted form has errors, otherwise 200."""
    return 400 if form.is_bound and form.errors else 200


def _reraise_access(exc: ApplicationError) -> None:
    """Access refusals become a 403 or 404 page, never an error on the form."""
    if exc.status in (403, 404):
        raise exc


def _keep(request: HttpRequest, form: Any, chosen: Any, purpose: str) -> list[Any]:
    """After a form error, keep the chosen files so they need not be chosen again (issue #15)."""
    if request.method != "POST" or not form.errors:
        return []
    if "files" in form.errors:
        return []  # a file itself was refused: it must be chosen again, or another one
    return kept_uploads.keep(request, chosen, purpose=purpose, fields=["files"])


def _can_add_version(user: Any, resource: Resource) -> bool:
    if not user.is_authenticated:
        return False
    return resource.submitted_by_id == user.pk or access.can_moderate(user, resource)


def _without_filters(filters: dict[str, Any]) -> str:
    words = filters.get("q", "").strip()
    return reverse("library:resource-list") + (f"?{urlencode({'q': words})}" if words else "")


# --- Anyone ----------------------------------------------------------------------------------------


@private_page(
    "library", "network", "events", "challenges"
)  # for people signed in; visitors get it made afresh
def resource_list(request: HttpRequest) -> HttpResponse:
    networks = network_selectors.networks_by_name()
    form = ResourceFilterForm(request.GET or None, networks=networks)
    filters = form.cleaned_data if form.is_valid() else {}
    resources = selectors.search_results(
        actor=request.user,
        query=filters.get("q", ""),
        kind=filters.get("kind", ""),
        tag=filters.get("tag", ""),
        challenge=filters.get("challenge", ""),
        audience=filters.get("audience", ""),
        network_slug=filters.get("network", ""),
    )
    page = paginate(request, resources, per_page=20)
    allowed = access.submit_network_ids(request.user, [n.pk for n in networks])
    share_in = [n for n in networks if n.pk in allowed]
    return render(
        request,
        "library/resource_list.html",
        {
            "form": form,
            "page_obj": page,
            "query": query_without_page(request),
            "share_in": share_in,
            "words": filters.get("q", "").strip(),
            "filtered": any(
                filters.get(k) for k in ("kind", "tag", "challenge", "audience", "network")
            ),
            "without_filters": _without_filters(filters),
            "title": "Library",
        },
    )


def resource_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, public_id=public_id)
    user = request.user
    can_moderate = user.is_authenticated and access.can_moderate(user, resource)
    is_submitter = user.is_authenticated and resource.submitted_by_id == user.pk
    return render(
        request,
        "library/resource_detail.html",
        {
            "resource": resource,
            "downloads": selectors.download_band(resource).label,
            "versions": list(resource.versions.all()),
            "challenges": selectors.challenge_titles(resource),
            "show_status": can_moderate or is_submitter,
            "can_add_version": _can_add_version(user, resource),
            "review_form": ModerateForm(initial={"decision": resource.status})
            if can_moderate
            else None,
            "title": resource.title,
        },
    )


# --- Members ---------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def resource_submit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    if not access.can_submit(request.user, network.pk):
        raise PermissionDenied("Only members of this network can share resources in its library.")
    purpose = f"library.resource.{network.pk}"
    chosen = kept_uploads.files_for(request, purpose=purpose, fields=["files"])
    form = ResourceForm(
        request.POST if request.method == "POST" else None,
        chosen if request.method == "POST" else None,
        network=network,
        initial={"audience": "members"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            resource = services.resource_submit(
                actor=request.user,
                network=network,
                data=form.resource_input(),
                content=form.content(),
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            kept_uploads.discard(request, purpose=purpose)
            messages.success(
                request, "Thank you. The network team will review it before others can see it."
            )
            return redirect("library:resource-detail", public_id=resource.public_id)
    kept = _keep(request, form, chosen, purpose)
    return render(
        request,
        "library/resource_submit.html",
        {
            "form": form,
            "network": network,
            "kept": kept,
            "title": f"Share a resource in {network.name}",
        },
        status=_status(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def resource_new_version(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, public_id=public_id)
    if not _can_add_version(request.user, resource):
        raise PermissionDenied(
            "Only the person who shared it, or the network team, can add a version."
        )
    purpose = f"library.version.{resource.pk}"
    chosen = kept_uploads.files_for(request, purpose=purpose, fields=["files"])
    form = VersionForm(
        request.POST if request.method == "POST" else None,
        chosen if request.method == "POST" else None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            version = services.resource_new_version(
                actor=request.user,
                resource=resource,
                content=form.content(),
                note=form.cleaned_data["note"],
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            kept_uploads.discard(request, purpose=purpose)
            messages.success(request, f"Version {version.number} is added.")
            return redirect("library:resource-detail", public_id=resource.public_id)
    return render(
        request,
        "library/resource_new_version.html",
        {
            "form": form,
            "resource": resource,
            "kept": _keep(request, form, chosen, purpose),
            "title": f"Add a new version of {resource.title}",
        },
        status=_status(form),
    )


# --- The network team ------------------------------------------------------------------------------


@login_required
@require_POST
def resource_moderate(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    resource = selectors.resource_get(actor=request.user, public_id=public_id)
    form = ModerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(str(e) for errs in form.errors.values() for e in errs))
        return redirect("library:resource-detail", public_id=resource.public_id)
    try:
        resource = services.resource_moderate(
            actor=request.user,
            resource=resource,
            decision=form.cleaned_data["decision"],
            note=form.cleaned_data["note"],
        )
    except ApplicationError as exc:
        _reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Review saved. The resource is now: {resource.get_status_display().lower()}."
        )
    return redirect("library:resource-detail", public_id=resource.public_id)


@login_required
def moderation_queue(request: AuthenticatedRequest) -> HttpResponse:
    if not network_access.is_network_team(request.user):
        raise PermissionDenied("Only the network team can review resources.")
    page = paginate(request, selectors.moderation_queue(actor=request.user), per_page=50)
    return render(
        request,
        "library/moderation_queue.html",
        {"page_obj": page, "query": query_without_page(request), "title": "Library moderation"},
    )
