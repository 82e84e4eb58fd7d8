"""Events, rates, bookings, waiting-list offers, invoices and attendance over HTTP, with the same
rules as the pages. The server decides every price; a client never sends one."""

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Header, Router, Schema, Status
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, optional_auth
from recoverynet.accounts.models import Perspective
from recoverynet.core.api import Mapped, PageNumber, errors
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.text import Line, Name
from recoverynet.network import selectors as network_selectors

from . import booking_rows, selectors, services
from .models import Event, EventKind
from .views.common import _prices

router = Router(tags=["events"])


class RateOut(Schema):
    id: int
    kind: str
    name: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    currency: str
    label: str = Field(description='How the price is shown, e.g. "£100.00 + VAT (£120.00)".')


class EventOut(Schema):
    id: UUID
    network: str
    kind: str
    title: str
    summary: str
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    time_zone: str
    venue_name: str
    venue_address: str
    online: bool
    host: str | None
    learning_set: str | None
    capacity: int | None
    status: str
    booking_mode: str
    external_url: str
    booking_opens_at: datetime.datetime | None
    booking_closes_at: datetime.datetime | None


class AvailabilityOut(Schema):
    free: int | None = Field(description="Free places; null when there is no limit.")
    waiting: int
    full: bool


class EventDetailOut(EventOut):
    rates: list[RateOut]
    availability: AvailabilityOut


def _event_out(event: Event) -> dict[str, Any]:
    return {
        "id": event.public_id,
        "network": event.network.slug,
        "kind": event.kind,
        "title": event.title,
        "summary": event.summary,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "time_zone": event.network.time_zone,
        "venue_name": event.venue_name,
        "venue_address": event.venue_address,
        "online": event.online,
        "host": event.host.slug if event.host else None,
        "learning_set": event.learning_set.slug if event.learning_set else None,
        "capacity": event.capacity,
        "status": event.status,
        "booking_mode": event.booking_mode,
        "external_url": event.external_url,
        "booking_opens_at": event.booking_opens_at,
        "booking_closes_at": event.booking_closes_at,
    }


def _rates_out(event: Event) -> list[dict[str, Any]]:
    from django.utils import timezone

    from recoverynet.core.money import price_line

    network = event.network
    tax_rate = network.tax_rate_on(timezone.localdate(event.starts_at, network.tz))
    out = []
    for p in _prices(event):
        rate = p["rate"]
        line = price_line(rate.net_amount, tax_rate, network.currency)
        out.append(
            {
                "id": rate.pk,
                "kind": rate.kind,
                "name": rate.name,
                "net": line.net,
                "tax": line.tax,
                "gross": line.gross,
                "currency": network.currency,
                "label": p["label"],
            }
        )
    return out


class DelegateIn(Schema):
    name: Name = Field(max_length=150)
    email: str = Field(min_length=3, max_length=254, pattern=r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
    rate: int = Field(description="Rate id from the event's rates.")
    organisation_name: Line = Field("", max_length=200)
    perspective: Perspective | None = None
    access_needs: str = Field("", max_length=1000)
    dietary_needs: str = Field("", max_length=500)


class BookingIn(Schema):
    organisation: str | None = Field(
        None, description="Slug of the organisation you book for (needed for member rates)."
    )
    purchase_order: Line = Field("", max_length=60)
    delegates: list[DelegateIn] = Field(min_length=1, max_length=200)


class DelegateOut(Schema):
    id: int
    name: str
    email: str
    organisation_name: str
    rate: str = Field(alias="rate_name")
    net: Decimal
    tax: Decimal
    gross: Decimal
    cancelled: bool
    checked_in: bool

    @staticmethod
    def resolve_cancelled(obj: Any) -> bool:  # a place, or its plain row (booking_rows)
        return booking_rows.value(obj, "cancelled_at") is not None

    @staticmethod
    def resolve_checked_in(obj: Any) -> bool:
        return booking_rows.value(obj, "checked_in_at") is not None


class BookingOut(Schema):
    id: UUID
    event: UUID
    status: str
    organisation: str | None
    purchase_order: str
    currency: str
    offer_expires_at: datetime.datetime | None
    delegates: list[DelegateOut]
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    invoices: list[str]


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


class AttendanceIn(Schema):
    delegate: int
    attended: bool = True


# --- Public ------------------------------------------------------------------------------------------


@router.get("/events", response=list[EventOut], auth=None, summary="Upcoming events")
@paginate(PageNumber)
def event_list(
    request: HttpRequest, network: str = "", kind: EventKind | None = None, month: str = ""
) -> Any:
    month_date = None
    if month:
        try:
            month_date = datetime.datetime.strptime(month, "%Y-%m").date()
        except ValueError:
            raise ApplicationError(
                "invalid", "month must look like 2027-06.", field="month", status=422
            ) from None
    events = selectors.event_list_upcoming(network_slug=network, kind=kind or "", month=month_date)
    return Mapped(events, _event_out)


@router.get(
    "/events/{event_id}",
    response=EventDetailOut,
    auth=optional_auth,
    summary="One event, with rates and availability",
)
def event_detail(request: HttpRequest, event_id: UUID) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    return {
        **_event_out(event),
        "rates": _rates_out(event),
        "availability": selectors.event_availability(event),
    }


@router.get(
    "/events/{event_id}/rates",
    response=list[RateOut],
    auth=optional_auth,
    summary="An event's rates",
)
def event_rates(request: HttpRequest, event_id: UUID) -> Any:
    return _rates_out(selectors.event_get(actor=request.user, public_id=event_id))


# --- Bookings ------------------------------------------------------------------------------------------


@router.post(
    "/events/{event_id}/bookings",
    response={200: BookingOut, 201: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Book one or more delegates (201 new; 200 when the Idempotency-Key matched an earlier request)",
)
def booking_create(
    request: HttpRequest,
    event_id: UUID,
    payload: BookingIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=100),
) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    organisation = None
    if payload.organisation:
        try:
            organisation = network_selectors.organisation_public(payload.organisation)
        except NotFound:
            raise ApplicationError(
                "invalid", "No organisation with that slug.", field="organisation", status=422
            ) from None
    result = services.booking_create(
        actor=request.user,
        event=event,
        organisation=organisation,
        purchase_order=payload.purchase_order,
        idempotency_key=idempotency_key,
        delegates=[
            services.DelegateInput(
                name=d.name,
                email=d.email,
                rate_id=d.rate,
                organisation_name=d.organisation_name,
                perspective=d.perspective.value if d.perspective else "",
                access_needs=d.access_needs,
                dietary_needs=d.dietary_needs,
            )
            for d in payload.delegates
        ],
    )
    if result.created:
        # The service hands back the booking with its delegates and invoice already in hand.
        return Status(201, booking_rows.booking_out(result.booking, request.user))
    booking = selectors.booking_get(actor=request.user, public_id=result.booking.public_id)
    return Status(200, booking_rows.booking_out(booking, request.user))


@router.get("/bookings", response=list[BookingOut], auth=api_auth, summary="Your bookings")
@paginate(PageNumber)
def booking_list(request: HttpRequest) -> Any:
    bookings = selectors.bookings_for_person(actor=request.user, details=False)
    return Mapped(bookings, page=lambda page: booking_rows.page_out(page, request.user))


@router.get("/bookings/{booking_id}", response=BookingOut, auth=api_auth, summary="One booking")
def booking_detail(request: HttpRequest, booking_id: UUID) -> Any:
    return booking_rows.booking_out(
        selectors.booking_get(actor=request.user, public_id=booking_id), request.user
    )


def _act(request: HttpRequest, booking_id: UUID, action: Any) -> Any:
    booking = selectors.booking_get(actor=request.user, public_id=booking_id)
    action(booking)
    return booking_rows.booking_out(
        selectors.booking_get(actor=request.user, public_id=booking_id), request.user
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Cancel a booking",
)
def booking_cancel(request: HttpRequest, booking_id: UUID, payload: CancelIn) -> Any:
    return _act(
        request,
        booking_id,
        lambda b: services.booking_cancel(actor=request.user, booking=b, reason=payload.reason),
    )


@router.post(
    "/bookings/{booking_id}/accept",
    response={200: BookingOut, **errors(409, 410)},
    auth=api_auth,
    summary="Accept a waiting-list offer",
)
def offer_accept(request: HttpRequest, booking_id: UUID) -> Any:
    return _act(request, booking_id, lambda b: services.offer_accept(actor=request.user, booking=b))


@router.post(
    "/bookings/{booking_id}/decline",
    response={200: BookingOut, **errors(409, 410)},
    auth=api_auth,
    summary="Decline a waiting-list offer",
)
def offer_decline(request: HttpRequest, booking_id: UUID) -> Any:
    return _act(
        request, booking_id, lambda b: services.offer_decline(actor=request.user, booking=b)
    )


# --- Attendance (invoices are in invoice_api.py) ---------------------------------------------------


@router.get(
    "/events/{event_id}/attendance",
    response=list[DelegateOut],
    auth=api_auth,
    summary="Confirmed delegates and attendance (organisers), 50 a page by name",
)
@paginate(PageNumber)
def attendance_list(request: HttpRequest, event_id: UUID) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    # A page of places, nothing joined: the answer shows only the places' own columns (joining
    # every booker made PostgreSQL hash the whole people table for a 500-place event; issue #17).
    return selectors.event_delegates(actor=request.user, event=event).select_related(None)


@router.post(
    "/events/{event_id}/attendance",
    response={200: DelegateOut, **errors(409)},
    auth=api_auth,
    summary="Record attendance (organisers)",
)
def attendance_record(request: HttpRequest, event_id: UUID, payload: AttendanceIn) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    delegate = (
        selectors.event_delegates(actor=request.user, event=event)
        .filter(pk=payload.delegate)
        .first()
    )
    if delegate is None:
        raise ApplicationError(
            "invalid",
            "No confirmed delegate with that id at this event.",
            field="delegate",
            status=422,
        )
    return services.delegate_check_in(
        actor=request.user, delegate=delegate, attended=payload.attended
    )
