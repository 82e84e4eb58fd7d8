"""Webhook pages for a network's coordinators: endpoints, the show-once secret, rotation, the
delivery log, re-send and a test event. Thin: a form, one service or selector, render or redirect."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate

from . import selectors, services
from .forms import EndpointEditForm, EndpointForm
from .models import Delivery, Endpoint


def _endpoint(request: AuthenticatedRequest, network: str, public_id: UUID) -> Endpoint:
    endpoint = selectors.endpoint_get(actor=request.user, public_id=public_id)
    if endpoint.network.slug != network:
        raise NotFound("There is no webhook endpoint with that id.")
    return endpoint


def _delivery(request: AuthenticatedRequest, network: str, public_id: UUID) -> Delivery:
    delivery = selectors.delivery_get(actor=request.user, public_id=public_id)
    if delivery.endpoint.network.slug != network:
        raise NotFound("There is no delivery with that id.")
    return delivery


def _secret_page(request: AuthenticatedRequest, endpoint: Endpoint, secret: str) -> HttpResponse:
    response = render(
        request,
        "webhooks/secret.html",
        {"endpoint": endpoint, "secret": secret, "title": "Your signing secret"},
    )
    response["Cache-Control"] = "no-store"
    return response


def _reraise_access(exc: ApplicationError) -> None:
    if exc.status in (403, 404):
        raise exc


def event_catalogue(request: HttpRequest) -> HttpResponse:
    """Every event a webhook can carry, with what its payload holds (public: it is documentation)."""
    return render(
        request,
        "webhooks/event_catalogue.html",
        {"event_types": domain_events.catalogue(), "title": "Events we can send"},
    )


@login_required
def endpoint_list(request: AuthenticatedRequest, network: str) -> HttpResponse:
    found = selectors.network_for_webhooks(actor=request.user, slug=network)
    endpoints = list(selectors.endpoint_list(actor=request.user, network=found))
    return render(
        request,
        "webhooks/endpoint_list.html",
        {"network": found, "endpoints": endpoints, "title": "Webhooks"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_add(request: AuthenticatedRequest, network: str) -> HttpResponse:
    found = selectors.network_for_webhooks(actor=request.user, slug=network)
    form = EndpointForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            endpoint, secret = services.endpoint_create(
                actor=request.user, network=found, **form.cleaned_data
            )
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            return _secret_page(request, endpoint, secret)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {"form": form, "network": found, "title": "Add a webhook", "submit": "Add webhook"},
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
def endpoint_detail(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    page = paginate(request, selectors.delivery_list(actor=request.user, endpoint=endpoint))
    return render(
        request,
        "webhooks/endpoint_detail.html",
        {
            "endpoint": endpoint,
            "network": endpoint.network,
            "page_obj": page,
            "query": "",
            "now": timezone.now(),
            "disable_after": settings.WEBHOOKS_DISABLE_AFTER_FAILURES,
            "title": endpoint.description or endpoint.url,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_edit(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    initial: dict[str, Any] = {
        "url": endpoint.url,
        "description": endpoint.description,
        "event_types": endpoint.event_types,
        "is_active": endpoint.is_active,
    }
    form = EndpointEditForm(request.POST if request.method == "POST" else None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.endpoint_update(actor=request.user, endpoint=endpoint, **form.cleaned_data)
        except ApplicationError as exc:
            _reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The webhook is saved.")
            return redirect("webhooks:endpoint", network, endpoint.public_id)
    return render(
        request,
        "webhooks/endpoint_form.html",
        {
            "form": form,
            "network": endpoint.network,
            "endpoint": endpoint,
            "title": "Change a webhook",
            "submit": "Save changes",
        },
        status=400 if form.is_bound and form.errors else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_delete(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    if request.method == "POST":
        services.endpoint_delete(actor=request.user, endpoint=endpoint)
        messages.success(request, f"The webhook to {endpoint.url} is deleted.")
        return redirect("webhooks:endpoint-list", network)
    return render(
        request,
        "webhooks/confirm.html",
        {
            "endpoint": endpoint,
            "network": endpoint.network,
            "title": "Delete this webhook?",
            "explain": "We will stop sending events to it and delete its delivery log.",
            "action": "endpoint-delete",
            "submit": "Delete webhook",
            "warning": True,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def endpoint_rotate(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    if request.method == "POST":
        secret = services.secret_rotate(actor=request.user, endpoint=endpoint)
        return _secret_page(request, endpoint, secret)
    return render(
        request,
        "webhooks/confirm.html",
        {
            "endpoint": endpoint,
            "network": endpoint.network,
            "title": "Make a new signing secret?",
            "explain": (
                "For the next 24 hours we sign every delivery with both the old and the new "
                "secret, so you have time to change the receiving system. After that, only the "
                "new secret works."
            ),
            "action": "endpoint-rotate",
            "submit": "Make a new secret",
        },
    )


@login_required
@require_POST
def endpoint_enable(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    services.endpoint_enable(actor=request.user, endpoint=endpoint)
    messages.success(request, "The webhook is on again. Deliveries that were waiting go out now.")
    return redirect("webhooks:endpoint", network, endpoint.public_id)


@login_required
@require_POST
def endpoint_test(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    endpoint = _endpoint(request, network, public_id)
    try:
        services.endpoint_send_test(actor=request.user, endpoint=endpoint)
    except ApplicationError as exc:
        _reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, "A test event is on its way. It shows in the delivery log.")
    return redirect("webhooks:endpoint", network, endpoint.public_id)


@login_required
def delivery_detail(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    delivery = _delivery(request, network, public_id)
    return render(
        request,
        "webhooks/delivery_detail.html",
        {
            "delivery": delivery,
            "endpoint": delivery.endpoint,
            "network": delivery.endpoint.network,
            "attempts": list(delivery.log.all()),
            "title": f"Delivery of {delivery.event_type}",
        },
    )


@login_required
@require_POST
def delivery_resend(request: AuthenticatedRequest, network: str, public_id: UUID) -> HttpResponse:
    delivery = _delivery(request, network, public_id)
    try:
        services.delivery_resend(actor=request.user, delivery=delivery)
    except ApplicationError as exc:
        _reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, "It is being sent again, with the same webhook-id.")
    return redirect("webhooks:delivery", network, delivery.public_id)
