"""Event pages, booking, the waiting list, invoices and organisers' pages. Thin: validate, call one
service or selector, render."""

from __future__ import annotations

import csv
import io
from typing import Any
from uuid import UUID

import markdown
import nh3
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.money import describe_price, price_line
from recoverynet.core.pagination import paginate, query_without_page
from recoverynet.core.text import clean_text
from recoverynet.core.views import form_page
from recoverynet.network import selectors as network_selectors
from recoverynet.network.models import Organisation

from . import access, documents, selectors, services
from .calendar import event_ics, feed_ics
from .forms import (
    BookingForm,
    CancelEventForm,
    DelegateFormSet,
    EventFilterForm,
    EventForm,
    InterestForm,
    PublishForm,
    RateForm,
)
from .models import BookingMode, BookingStatus, Delegate, Event, EventStatus

MARKDOWN_TAGS = {"p", "strong", "em", "ul", "ol", "li", "a", "h2", "h3", "blockquote", "br", "code"}


def render_markdown(text: str) -> str:
    html = markdown.markdown(text, extensions=["sane_lists"])
    return mark_safe(nh3.clean(html, tags=MARKDOWN_TAGS, link_rel="noopener noreferrer"))  # noqa: S308


def _prices(event: Event) -> list[dict[str, Any]]:
    network = event.network
    rate = network.tax_rate_on(timezone.localdate(event.starts_at, network.tz))
    return [
        {
            "rate": r,
            "label": describe_price(
                price_line(r.net_amount, rate, network.currency), network.tax_name
            ),
        }
        for r in event.rates.all()
    ]


# --- Public ----------------------------------------------------------------------------------------------


def event_list(request: HttpRequest) -> HttpResponse:
    networks = list(network_selectors.network_list())
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
        {"form": form, "page_obj": page, "query": query_without_page(request), "title": "Events"},
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
            "description": render_markdown(event.description),
            "prices": _prices(event),
            "availability": selectors.event_availability(event),
            "timing": selectors.event_timing(event),
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
            "description": render_markdown(learning_set.description),
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


# --- Booking ---------------------------------------------------------------------------------------------


def _small_number(text: str) -> bool:
    """Digits only (not "²"), and short enough that int() cannot be made to do heavy work."""
    return text.isascii() and text.isdecimal() and len(text) <= 4


def _delegate_initial_from_post(post: Any, count: int) -> list[dict[str, str]]:
    fields = [
        "name",
        "email",
        "organisation_name",
        "rate",
        "perspective",
        "access_needs",
        "dietary_needs",
    ]
    return [{f: post.get(f"delegates-{i}-{f}", "") for f in fields} for i in range(count)]


@login_required
@require_http_methods(["GET", "POST"])
def book(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    try:
        services.booking_check_open(event)
    except ApplicationError as exc:
        # No form for an event that cannot be booked here: say where to go instead.
        return render(
            request,
            "events/book_unavailable.html",
            {"event": event, "title": f"Book: {event.title}", "reason": exc.message},
            status=exc.status,
        )
    rate_choices = [(str(p["rate"].pk), f"{p['rate'].name}: {p['label']}") for p in _prices(event)]
    organisations = Organisation.objects.filter(affiliations__user=request.user).order_by("name")
    limit = event.max_delegates_per_booking
    fresh_key = False
    resizing = request.method == "POST" and (
        "add_delegate" in request.POST or "remove_delegate" in request.POST
    )
    if resizing:
        typed = request.POST.get("delegates-TOTAL_FORMS", "1")
        step = 1 if "add_delegate" in request.POST else -1
        count = max(1, min((int(typed) if _small_number(typed) else 1) + step, limit))
        form = BookingForm(
            initial={
                "organisation": request.POST.get("organisation"),
                "purchase_order": request.POST.get("purchase_order", ""),
            },
            organisations=organisations,
        )
        formset = DelegateFormSet(
            prefix="delegates",
            initial=_delegate_initial_from_post(request.POST, count),
            form_kwargs={"rate_choices": rate_choices},
        )
    elif request.method == "POST":
        form = BookingForm(request.POST, organisations=organisations)
        formset = DelegateFormSet(
            request.POST, prefix="delegates", form_kwargs={"rate_choices": rate_choices}
        )
        if form.is_valid() and formset.is_valid():
            if len(formset.forms) > limit:
                form.add_error(None, f"You can book at most {limit} delegates at once.")
            else:
                delegates = [
                    services.DelegateInput(
                        name=f.cleaned_data["name"],
                        email=f.cleaned_data["email"],
                        rate_id=int(f.cleaned_data["rate"]),
                        organisation_name=f.cleaned_data["organisation_name"],
                        perspective=f.cleaned_data["perspective"],
                        access_needs=f.cleaned_data["access_needs"],
                        dietary_needs=f.cleaned_data["dietary_needs"],
                    )
                    for f in formset.forms
                ]
                try:
                    result = services.booking_create(
                        actor=request.user,
                        event=event,
                        delegates=delegates,
                        organisation=form.cleaned_data["organisation"],
                        purchase_order=form.cleaned_data["purchase_order"],
                        idempotency_key=request.POST.get("idempotency_key", ""),
                    )
                except ApplicationError as exc:
                    if exc.code == "idempotency_mismatch":
                        # Sent again (e.g. after Back) with changed details: book nothing now, and
                        # give the form a new key so sending it again makes a new booking.
                        fresh_key = True
                        exc.message = (
                            "You already sent this booking form with different details, so nothing "
                            "new was booked. Check the details and send the form again to make a "
                            "new booking."
                        )
                    if exc.field and exc.field.startswith("delegates."):
                        index = int(exc.field.split(".")[1])
                        name = exc.field.split(".")[2] if exc.field.count(".") == 2 else None
                        formset.forms[index].add_error(
                            name if name in formset.forms[index].fields else None, exc.message
                        )
                    else:
                        add_service_error(form, exc)
                else:
                    booking = result.booking
                    if booking.status == BookingStatus.CONFIRMED:
                        messages.success(
                            request,
                            "Your booking is confirmed. We have sent you an e-mail with the details.",
                        )
                    else:
                        messages.success(
                            request,
                            "The event is full, so you are on the waiting list. We will e-mail you if a place is free.",
                        )
                    return redirect("events:booking-detail", public_id=booking.public_id)
    else:
        wanted = request.GET.get("delegates", "1")
        count = max(1, min(int(wanted) if _small_number(wanted) else 1, limit))
        initial = [{"name": request.user.full_name, "email": request.user.email}] + [
            {} for _ in range(count - 1)
        ]
        form = BookingForm(organisations=organisations)
        formset = DelegateFormSet(
            prefix="delegates", initial=initial, form_kwargs={"rate_choices": rate_choices}
        )
    import uuid

    return render(
        request,
        "events/book.html",
        {
            "event": event,
            "form": form,
            "formset": formset,
            "title": f"Book: {event.title}",
            "availability": selectors.event_availability(event),
            "limit": limit,
            "idempotency_key": (not fresh_key and request.POST.get("idempotency_key"))
            or uuid.uuid4().hex,
        },
        status=400 if request.method == "POST" and not resizing else 200,
    )


@login_required
def booking_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    event = booking.event
    ran_out = services.offer_ran_out(booking)
    return render(
        request,
        "events/booking_detail.html",
        {
            "offer_ran_out": ran_out,
            "offer_ran_out_message": services.offer_ran_out_message(booking) if ran_out else "",
            "booking": booking,
            "event": event,
            "title": f"Booking for {event.title}",
            "delegates": selectors.booking_delegates_for(actor=request.user, booking=booking),
            "invoices": booking.invoices.all(),
            "credit_notes": [n for i in booking.invoices.all() for n in i.credit_notes.all()],
            "can_cancel": access.can_cancel_booking(request.user, booking)
            and booking.status
            in (BookingStatus.CONFIRMED, BookingStatus.WAITING, BookingStatus.OFFERED),
            "is_booker": booking.booker_id == request.user.pk,
            "me": request.user.email.lower(),
            "is_organiser": access.is_organiser(request.user, event),
        },
        status=410 if ran_out else 200,  # the offer is gone; the page says so and what to do
    )


def _booking_action(
    request: HttpRequest, public_id: UUID, action: Any, success: str
) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    try:
        action(booking)
    except ApplicationError as exc:
        if exc.code != "offer_expired":  # the booking page itself says the offer ran out
            messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("events:booking-detail", public_id=booking.public_id)


@login_required
@require_POST
def booking_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    reason = request.POST.get("reason", "")
    return _booking_action(
        request,
        public_id,
        lambda b: services.booking_cancel(
            actor=request.user,
            booking=b,
            reason=clean_text(reason, field="reason", max_length=200),
        ),
        "The booking has been cancelled.",
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _booking_action(
        request,
        public_id,
        lambda b: services.offer_accept(actor=request.user, booking=b),
        "You have accepted the place. Your booking is confirmed.",
    )


@login_required
@require_POST
def offer_decline(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _booking_action(
        request,
        public_id,
        lambda b: services.offer_decline(actor=request.user, booking=b),
        "You have declined the place. We will offer it to the next person.",
    )


@login_required
@require_POST
def offer_manual(request: HttpRequest, public_id: UUID) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    try:
        services.offer_manual(actor=request.user, booking=booking)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"A place has been offered to {booking.booker.email}.")
    return redirect("events:event-bookings", public_id=booking.event.public_id)


@login_required
@require_POST
def delegate_cancel(request: HttpRequest, public_id: UUID, delegate_id: int) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    delegate = booking.delegates.filter(pk=delegate_id).first()
    if delegate is None:
        raise NotFound()
    return _booking_action(
        request,
        public_id,
        lambda b: services.delegate_cancel(actor=request.user, delegate=delegate),
        f"The place for {delegate.name} has been cancelled.",
    )


@login_required
def my_bookings(request: AuthenticatedRequest) -> HttpResponse:
    organisations = selectors.lead_organisations(actor=request.user)
    return render(
        request,
        "events/my_bookings.html",
        {
            "bookings": selectors.bookings_for_person(actor=request.user),
            "invoices": selectors.invoices_for_person(actor=request.user),
            "organisations": [
                {
                    "organisation": org,
                    "bookings": selectors.bookings_for_organisation(
                        actor=request.user, organisation=org
                    ),
                    "invoices": selectors.invoices_for_organisation(
                        actor=request.user, organisation=org
                    ),
                }
                for org in organisations
            ],
            "title": "My bookings",
        },
    )


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    protect(response, filename=filename)
    return response


@login_required
def invoice_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    invoice = selectors.invoice_get(actor=request.user, public_id=public_id)
    return _pdf_response(documents.invoice_pdf(invoice), f"{invoice.number}.pdf")


@login_required
def credit_note_pdf(request: HttpRequest, public_id: UUID) -> HttpResponse:
    note = selectors.credit_note_get(actor=request.user, public_id=public_id)
    return _pdf_response(documents.credit_note_pdf(note), f"{note.number}.pdf")


@login_required
def certificate_pdf(request: HttpRequest, delegate_id: int) -> HttpResponse:
    delegate = selectors.attended_delegate(actor=request.user, delegate_id=delegate_id)
    return _pdf_response(documents.certificate_pdf(delegate), f"certificate-{delegate.pk}.pdf")


# --- Organisers ------------------------------------------------------------------------------------------


def _organiser_event(request: HttpRequest, public_id: UUID) -> Event:
    event = selectors.event_get(actor=request.user, public_id=public_id)
    if not access.is_organiser(request.user, event):
        raise PermissionDenied("Only the event's organisers can see this page.")
    return event


def _manager_event(request: HttpRequest, public_id: UUID) -> Event:
    event = _organiser_event(request, public_id)
    if not access.can_manage_events(request.user, event.network_id):
        raise PermissionDenied("Only a coordinator of this network can change events.")
    return event


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
            "totals": services.bookings.event_totals(event),
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


EXPORT_COLUMNS = [
    "Name",
    "E-mail",
    "Organisation",
    "Rate",
    "Net",
    "Tax",
    "Gross",
    "Access needs",
    "Dietary needs",
    "Checked in",
    "Booked by",
    "Booking organisation",
]


def _export_rows(delegates: Any, tz: Any) -> list[list[Any]]:
    return [
        [
            d.name,
            d.email,
            d.organisation_name,
            d.rate_name,
            d.net,
            d.tax,
            d.gross,
            d.access_needs,
            d.dietary_needs,
            timezone.localtime(d.checked_in_at, tz).strftime("%Y-%m-%d %H:%M")
            if d.checked_in_at
            else "",
            d.booking.booker.email,
            d.booking.organisation.name if d.booking.organisation else "",
        ]
        for d in delegates
    ]


def _safe_cell(value: Any) -> Any:
    # Stop spreadsheet formula injection from names people typed (OWASP CSV injection).
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


@login_required
def event_delegates(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _organiser_event(request, public_id)
    delegates = selectors.event_delegates(actor=request.user, event=event)
    fmt = request.GET.get("format", "")
    filename = f"delegates-{str(event.public_id)[:8]}"
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow(EXPORT_COLUMNS)
        for row in _export_rows(delegates, event.network.tz):
            writer.writerow([_safe_cell(v) for v in row])
        response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
        protect(response, filename=f"{filename}.csv")
        return response
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = "Delegates"
        sheet.append(EXPORT_COLUMNS)
        for row in _export_rows(delegates, event.network.tz):
            sheet.append([_safe_cell(v) for v in row])
        out = io.BytesIO()
        workbook.save(out)
        response = HttpResponse(
            out.getvalue(),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        protect(response, filename=f"{filename}.xlsx")
        return response
    if fmt:
        raise ApplicationError("invalid", "Choose csv or xlsx.", field="format")
    return render(
        request,
        "events/manage/delegates.html",
        {"event": event, "delegates": delegates, "title": f"Delegates for {event.title}"},
    )


@login_required
@require_http_methods(["GET", "POST"])
def event_check_in(request: HttpRequest, public_id: UUID) -> HttpResponse:
    event = _organiser_event(request, public_id)
    if request.method == "POST":
        raw_id = request.POST.get("delegate", "")
        delegate = (
            selectors.event_delegates(actor=request.user, event=event)
            .filter(pk=int(raw_id))
            .first()
            if raw_id.isdecimal() and len(raw_id) < 12
            else None
        )

        if delegate is None:
            raise NotFound("We could not find that delegate.")
        services.delegate_check_in(
            actor=request.user, delegate=delegate, attended=request.POST.get("attended") != "0"
        )
        if request.headers.get("HX-Request"):
            delegate.refresh_from_db()
            return render(
                request, "events/manage/check_in_row.html", {"d": delegate, "event": event}
            )
        return redirect(
            reverse("events:event-check-in", args=[event.public_id]) + f"#delegate-{delegate.pk}"
        )
    delegates = selectors.event_delegates(actor=request.user, event=event)
    q = request.GET.get("q", "").strip()[:100]
    if q:
        delegates = delegates.filter(name__icontains=q)
    return render(
        request,
        "events/manage/check_in.html",
        {"event": event, "delegates": delegates, "q": q, "title": f"Check in: {event.title}"},
    )


def attendee_certificate_list(delegates: list[Delegate]) -> list[Delegate]:
    return [d for d in delegates if d.checked_in_at]
