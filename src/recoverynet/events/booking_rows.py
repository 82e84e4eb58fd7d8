"""Bookings as the API answers them (`BookingOut` in events/api.py), built from plain rows for a
list: a page's places and invoice numbers are read with `.values()` in one query each, not
prefetched as model instances (prefetching built a queryset per booking and ninja then read each
place through its attribute getter: most of `GET /api/v1/bookings`' time at 50 a page, issue #17).
One booking (detail, create, cancel, accept, decline) is shaped from its prefetched places the same
way, so every answer has one shape. And bookings as the pages' bookings table shows them. Reads,
kept beside `selectors` (near its size limit)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor

from . import selectors
from .models import Booking, Delegate

PLACE_FIELDS: tuple[str, ...] = ("id", "name", "email", "organisation_name", "rate_name")
PLACE_FIELDS += ("net", "tax", "gross", "cancelled_at", "checked_in_at")


def value(row: Any, name: str) -> Any:
    """A place's field, from a model instance or a plain row."""
    return row[name] if isinstance(row, dict) else getattr(row, name)


def page_details(bookings: list[Booking]) -> tuple[dict[int, list[Any]], dict[int, list[str]]]:
    """The places (plain rows of PLACE_FIELDS, by id) and invoice numbers (in number order) of a
    page of bookings: two queries."""
    ids = [b.pk for b in bookings]
    places: dict[int, list[Any]] = {pk: [] for pk in ids}
    rows = Delegate.objects.filter(booking_id__in=ids).order_by("booking_id", "id")
    for row in rows.values("booking_id", *PLACE_FIELDS):
        places[row.pop("booking_id")].append(row)
    invoices: dict[int, list[str]] = {pk: [] for pk in ids}
    numbers = Booking.objects.filter(pk__in=ids, invoices__isnull=False).order_by(
        "pk", "invoices__network", "invoices__sequence_number"
    )
    for pk, number in numbers.values_list("pk", "invoices__number"):
        invoices[pk].append(number)
    return places, invoices


# What `booking_out` (and the access rule it asks) reads of a booking in a list, and no more: the
# whole event, organisation and booker were read and built for each of 50 bookings, most of the
# list's time on a first visit (issue #17).
BOOKING_API_FIELDS = (
    *("public_id", "status", "purchase_order", "currency", "offer_expires_at"),
    *("booker", "organisation__slug", "event__public_id", "event__network"),
)


def booking_api_rows(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """`bookings` (from `selectors`, `details=False`) with only what `page_out` reads."""
    return (
        bookings.select_related(None)
        .select_related("event", "organisation")
        .only(*BOOKING_API_FIELDS)
    )


def page_out(bookings: list[Booking], actor: Actor) -> list[dict[str, Any]]:
    """A page of bookings (from `selectors.bookings_for_person(details=False)`) as the API answers
    them."""
    places, invoices = page_details(bookings)
    return [booking_out(b, actor, places[b.pk], invoices[b.pk]) for b in bookings]


def booking_out(
    booking: Booking, actor: Actor, places: list[Any] | None = None, invoices: Any = None
) -> dict[str, Any]:
    """One booking as the API answers it: the places `actor` may see, totals over every place not
    cancelled. `places` and `invoices` from `page_details`, else the booking's prefetched ones."""
    delegates = selectors.booking_delegates_for(actor=actor, booking=booking, places=places)
    every = places if places is not None else list(booking.delegates.all())
    active = [d for d in every if value(d, "cancelled_at") is None]
    net = sum((value(d, "net") for d in active), Decimal("0.00"))
    tax = sum((value(d, "tax") for d in active), Decimal("0.00"))
    return {
        "id": booking.public_id,
        "event": booking.event.public_id,
        "status": booking.status,
        "organisation": booking.organisation.slug if booking.organisation else None,
        "purchase_order": booking.purchase_order,
        "currency": booking.currency,
        "offer_expires_at": booking.offer_expires_at,
        "delegates": delegates,
        "net_total": net,
        "tax_total": tax,
        "gross_total": net + tax,
        "invoices": [i.number for i in booking.invoices.all()] if invoices is None else invoices,
    }


# What a row of the bookings table shows (events/includes/bookings_table.html), and no more: an
# event's row alone has 35 columns, and "My bookings" shows 40 bookings (issue #17).
BOOKING_TABLE_FIELDS = (
    *("public_id", "created_at", "status", "event", "booker"),
    *("event__title", "event__starts_at", "event__network", "event__network__time_zone"),
    *("booker__preferred_name", "booker__full_name", "booker__email"),
)


def booking_table_rows(bookings: QuerySet[Booking]) -> QuerySet[Booking]:
    """`bookings` (from this module) with only what the bookings table shows."""
    return (
        bookings.select_related(None)
        .select_related("event__network", "booker")
        .only(*BOOKING_TABLE_FIELDS)
    )
