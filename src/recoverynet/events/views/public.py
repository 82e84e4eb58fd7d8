"""Public event pages: lists, an event, calendars, learning sets, registering interest."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.core import markdown
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error
from recoverynet.core.page_cache import public_page
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.network import selectors as network_selectors

from .. import access, listing, selectors, services
from ..calendar import event_ics, feed_ics
from ..forms import (
    EventFilterForm,
    InterestForm,
)
from ..models import BookingMode, BookingStatus
from .common import _prices

# --- Public ----------------------------------------------------------------------------------------------


@public_page("events")
def event_list(request: HttpRequest) -> HttpResponse:
    networks = network_selectors.networks_by_name()
    form = EventFilterForm(request.GET or None, networks=networks)
    filters = form.cleaned_data if form.is_valid() else {}
    events = selectors.event_list_upcoming(
        network_slug=filters.get("network", ""),
        kind=filters.get("kind", ""),
        month=filters.get("month"),
    )
    page = paginate(request, events, per_page=20)
    return render(
        request,
        "events/event_list.html",
        {
            "form": form,
            "page_obj": page,
            "items": listing.with_facts(list(page.object_list)),
            "query": query_without_page(request),
            "title": "Events",
        },
    )


def event_archive(request: HttpRequest) -> HttpResponse:
    page = paginate(
        request,
        selectors.event_list_past(network_slug=request.GET.get("network", "")[:60]),
        per_page=20,
    )
    return render(
        request,
        "events/event_archive.html",
        {"page_obj": page, "query": query_without_page(request), "title": "Past events"},
    )


@public_page("events")
def event_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    my_bookings = []
    if request.user.is_authenticated:
        my_bookings = [
            b for b in selectors.bookings_for_person(actor=request.user).filter(event=event)
        ]
    confirmed_here = any(b.status == BookingStatus.CONFIRMED for b in my_bookings)
    return render(
        request,
        "events/event_detail.html",
        {
            "event": event,
            "title": event.title,
            "description": markdown.render(event.description),
            "prices": _prices(event),
            "availability": selectors.event_availability(event),
            "timing": selectors.event_timing(event),
            "cohort_only": listing.cohort_only(actor=request.user, event=event),
            "map_url": listing.map_url(event),
            "my_bookings": my_bookings,
            "show_joining_link": confirmed_here or access.is_organiser(request.user, event),
            "is_organiser": access.is_organiser(request.user, event),
            "interest_form": InterestForm(initial=_person_initial(request))
            if event.booking_mode == BookingMode.REGISTER_INTEREST
            else None,
        },
    )


def _person_initial(request: HttpRequest) -> dict[str, str]:
    user = request.user
    if not user.is_authenticated:
        return {}
    return {"name": user.full_name, "email": user.email}


def event_ics_view(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    response = HttpResponse(event_ics(event), content_type="text/calendar; charset=utf-8")
    protect(response, filename=f"event-{str(event.public_id)[:8]}.ics")
    return response


def network_feed(request: HttpRequest, slug: str) -> HttpResponse:
    network = network_selectors.network_get(slug)
    return HttpResponse(
        feed_ics(f"{network.name} events", selectors.network_feed_events(slug)),
        content_type="text/calendar; charset=utf-8",
    )


def learning_set_detail(request: HttpRequest, slug: str) -> HttpResponse:
    learning_set = selectors.learning_set_get(slug)
    return render(
        request,
        "events/learning_set.html",
        {
            "learning_set": learning_set,
            "title": learning_set.title,
            "description": markdown.render(learning_set.description),
            # The organisers prepare each day from here: which action plans are due for review.
            "organiser": access.can_manage_events(request.user, learning_set.network_id),
        },
    )


@require_http_methods(["GET", "POST"])
def interest_register(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    if event.booking_mode != BookingMode.REGISTER_INTEREST:
        # Never a form that can only be refused: the booking page says how to take part instead.
        return redirect("events:book", public_id=event.public_id)
    form = InterestForm(
        request.POST if request.method == "POST" else None, initial=_person_initial(request)
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.interest_register(actor=request.user, event=event, **form.cleaned_data)
        except ApplicationError as exc:
            add_service_error(form, exc)
        else:
            messages.success(request, "Thank you. We will e-mail you when booking opens.")
            return redirect("events:event-detail", public_id=event.public_id)
    return render(
        request,
        "events/interest.html",
        {"event": event, "form": form, "title": f"Register interest: {event.title}"},
        status=400 if form.is_bound and form.errors else 200,
    )
