"""Organisers' pages: events, rates, publishing, cancelling, bookings."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.pagination import paginate
from recoverynet.core.private_pages import private_page
from recoverynet.core.views import form_page
from recoverynet.network import selectors as network_selectors
from recoverynet.plans import selectors as plan_selectors

from .. import access, page_scopes, selectors, services
from ..forms import (
    CancelEventForm,
    EventForm,
    PublishForm,
    RateForm,
)
from ..models import BookingMode, EventStatus
from .common import _manager_event, _organiser_event, _prices

# --- Organisers ------------------------------------------------------------------------------------------


@login_required
def manage_events(request: HttpRequest) -> HttpResponse:
    events = selectors.events_for_organiser(actor=request.user)
    page = paginate(request, events, per_page=25)
    networks = [
        n
        for n in network_selectors.team_networks(actor=request.user)
        if access.can_manage_events(request.user, n.pk)
    ]
    return render(
        request,
        "events/manage/events.html",
        {"page_obj": page, "networks": networks, "title": "Manage events"},
    )


def _event_form_values(data: dict[str, Any]) -> dict[str, Any]:
    return dict(data)


@login_required
@require_http_methods(["GET", "POST"])
def event_add(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_selectors.team_network_get(actor=request.user, slug=slug)
    if not access.can_manage_events(request.user, network.pk):
        raise PermissionDenied("Only a coordinator of this network can add events.")
    with timezone.override(network.tz):
        form = EventForm(
            request.POST if request.method == "POST" else None,
            network=network,
            initial={"booking_mode": BookingMode.OPEN},
        )
        if request.method == "POST" and form.is_valid():
            try:
                event = services.event_create(
                    actor=request.user, network=network, **_event_form_values(form.cleaned_data)
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(request, "Event saved as a draft. Add its rates, then publish it.")
                return redirect("events:event-manage", public_id=event.public_id)
        return form_page(
            request,
            form,
            network=network,
            title="Add an event",
            submit="Save as draft",
            back=reverse("events:manage-events"),
        )


@login_required
# Nothing of billing shows here; of events, this event's bookings (not the rest of the network's).
@private_page("events", "network", scopes=page_scopes.organiser_event_scopes)
def event_manage(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _organiser_event(request, public_id)
    return render(
        request,
        "events/manage/event.html",
        {
            "event": event,
            "title": event.title,
            "prices": _prices(event),
            "availability": selectors.event_availability(event),
            "totals": selectors.event_totals(event),
            "can_manage": access.can_manage_events(request.user, event.network_id),
            "publish_form": PublishForm(initial={"status": event.status}),
            "interest_count": event.interest.count(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_edit(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    with timezone.override(event.network.tz):
        initial = {f: getattr(event, f) for f in EventForm.base_fields}
        form = EventForm(
            request.POST if request.method == "POST" else None,
            network=event.network,
            initial=initial,
        )
        if request.method == "POST" and form.is_valid():
            try:
                services.event_update(
                    actor=request.user, event=event, **_event_form_values(form.cleaned_data)
                )
            except ApplicationError as exc:
                add_service_error(form, exc)
            else:
                messages.success(
                    request,
                    "Event saved. Anyone booked has been told about changes to the time or place.",
                )
                return redirect("events:event-manage", public_id=event.public_id)
        return form_page(
            request,
            form,
            network=event.network,
            title=f"Change {event.title}",
            submit="Save changes",
            back=reverse("events:event-manage", args=[event.public_id]),
        )


@login_required
@require_POST
def event_publish(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    form = PublishForm(request.POST)
    if form.is_valid():
        try:
            services.event_update(
                actor=request.user, event=event, status=form.cleaned_data["status"]
            )
        except ApplicationError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                "Event published."
                if form.cleaned_data["status"] == EventStatus.PUBLISHED
                else "Event is now a draft.",
            )
    return redirect("events:event-manage", public_id=event.public_id)


@login_required
@require_POST
def event_open_booking(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    try:
        invited = services.event_open_booking(actor=request.user, event=event)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request, f"Booking is open. We have e-mailed {invited} people who registered interest."
        )
    return redirect("events:event-manage", public_id=event.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def event_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    form = CancelEventForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.event_cancel(
                actor=request.user, event=event, reason=form.cleaned_data["reason"]
            )
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(
                request, "The event is cancelled. Everyone booked or waiting has been told."
            )
            return redirect("events:event-manage", public_id=event.public_id)
    return form_page(
        request,
        form,
        network=event.network,
        title=f"Cancel {event.title}",
        submit="Cancel the event",
        back=reverse("events:event-manage", args=[event.public_id]),
    )


@login_required
@require_http_methods(["GET", "POST"])
def rate_add(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _manager_event(request, public_id)
    form = RateForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.rate_create(actor=request.user, event=event, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Rate added.")
            return redirect("events:event-manage", public_id=event.public_id)
    return form_page(
        request,
        form,
        network=event.network,
        title=f"Add a rate to {event.title}",
        submit="Add rate",
        back=reverse("events:event-manage", args=[event.public_id]),
    )


@login_required
def event_bookings(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _organiser_event(request, public_id)
    return render(
        request,
        "events/manage/bookings.html",
        {
            "event": event,
            "bookings": selectors.event_bookings(actor=request.user, event=event),
            "title": f"Bookings for {event.title}",
            "availability": selectors.event_availability(event),
        },
    )


# --- Review agenda for a learning-set day (action plans, from the plans app) ----------------------------


@login_required
def review_agenda(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    agenda = selectors.review_agenda(actor=request.user, event=event)
    today = timezone.localdate()
    return render(
        request,
        "events/manage/review_agenda.html",
        {
            "event": event,
            "day": timezone.localtime(event.starts_at, event.network.tz).date(),
            "agenda": [
                {
                    "organisation": org,
                    "shared": actions is not None,
                    "rows": [
                        {"action": a, "overdue": plan_selectors.is_overdue(a, today)}
                        for a in actions or []
                    ],
                }
                for org, actions in agenda
            ],
            "title": f"Review agenda: {event.title}",
        },
    )
