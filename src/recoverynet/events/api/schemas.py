"""The request and answer shapes of the events API, and turning models into answers."""

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from django.conf import settings
from django.core.exceptions import ObjectDoesNotExist
from django.urls import reverse
from ninja import Field, Schema

from recoverynet.accounts.models import Perspective
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.text import Line, Name
from recoverynet.network import selectors as network_selectors
from recoverynet.network.models import Organisation

from .. import booking_rows, services
from ..models import Event
from ..quotes import BookingQuote
from ..views.common import _prices


class RateOut(Schema):
    id: int
    kind: str
    name: str
    net: Decimal
    tax: Decimal
    gross: Decimal
    currency: str
    label: str = Field(description='How the price is shown, e.g. "£100.00 + VAT (£120.00)".')


class PictureOut(Schema):
    url: str = Field(description="The picture (PNG, JPEG or WebP); its address changes with it.")
    alt: str = Field(description='Its alternative text; "" when the picture is only decoration.')
    decorative: bool
    width: int
    height: int


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
    picture: PictureOut | None = Field(description="The event's picture, if it has one.")


class AvailabilityOut(Schema):
    free: int | None = Field(description="Free places; null when there is no limit.")
    waiting: int
    full: bool


class EventDetailOut(EventOut):
    rates: list[RateOut]
    availability: AvailabilityOut


def event_out(event: Event) -> dict[str, Any]:
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
        "picture": _picture_out(event),
    }


def _picture_out(event: Event) -> dict[str, Any] | None:
    try:
        picture = event.picture  # selected with the event
    except ObjectDoesNotExist:
        return None
    path = reverse("events:event-picture", args=[event.public_id, picture.stored_name])
    return {
        "url": settings.SITE_URL + path,
        "alt": picture.alt,
        "decorative": picture.decorative,
        "width": picture.width,
        "height": picture.height,
    }


def rates_out(event: Event) -> list[dict[str, Any]]:
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


def organisation_from(payload: BookingIn) -> Organisation | None:
    """The organisation a booking is for, from its slug (a 422 on the field when there is none)."""
    if not payload.organisation:
        return None
    try:
        return network_selectors.organisation_public(payload.organisation)
    except NotFound:
        raise ApplicationError(
            "invalid", "No organisation with that slug.", field="organisation", status=422
        ) from None


def delegates_from(payload: BookingIn) -> list[services.DelegateInput]:
    return [
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
    ]


class QuoteLineOut(Schema):
    name: str
    email: str
    rate: str
    net: Decimal
    tax_rate: Decimal = Field(description="For example 0.2 for 20 %.")
    tax: Decimal
    gross: Decimal


class QuoteOut(Schema):
    currency: str
    tax_name: str
    lines: list[QuoteLineOut]
    net_total: Decimal
    tax_total: Decimal
    gross_total: Decimal
    organisation: str | None = Field(description="Slug of the organisation booked for.")
    invoice_to: str = Field(description='Who the invoice goes to; "" when the places are free.')
    purchase_order: str
    will_wait: bool = Field(description="Whether the booking would join the waiting list now.")
    free: int | None = Field(description="Free places now; null when there is no limit.")


def quote_out(quote: BookingQuote, *, purchase_order: str) -> dict[str, Any]:
    return {
        "currency": quote.totals.currency,
        "tax_name": quote.tax_name,
        "lines": [
            {
                "name": line.name,
                "email": line.email,
                "rate": line.rate_name,
                "net": line.amounts.net,
                "tax_rate": line.amounts.rate,
                "tax": line.amounts.tax,
                "gross": line.amounts.gross,
            }
            for line in quote.lines
        ],
        "net_total": quote.totals.net,
        "tax_total": quote.totals.tax,
        "gross_total": quote.totals.gross,
        "organisation": quote.organisation.slug if quote.organisation else None,
        "invoice_to": quote.invoice_to,
        "purchase_order": purchase_order,
        "will_wait": quote.will_wait,
        "free": quote.free,
    }


class CancelIn(Schema):
    reason: str = Field("", max_length=200)


class AttendanceIn(Schema):
    delegate: int
    attended: bool = True
