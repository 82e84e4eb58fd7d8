"""Reads (selectors) for what lists and booking panels say about an event at a glance (issue #15):
price from, places left or the waiting list, online / in person / hybrid, a map link, and whether
a learning-set day is only for its cohort. Kept beside `selectors` (which is near its size limit);
the same rules: access checked, a bounded number of queries for a whole page of events."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from urllib.parse import quote_plus

from django.db.models import Count, Min, Q
from django.utils import timezone

from recoverynet.accounts.actors import Actor

from . import access
from .models import Booking, BookingStatus, Delegate, Event, Rate

MAP_SEARCH = "https://www.openstreetmap.org/search?query="


@dataclass(frozen=True)
class EventFacts:
    price_from: Decimal | None  # the lowest active rate before tax; None when no rates are set
    all_free: bool
    places_left: int | None  # None: no limit
    waiting: int
    attendance: str  # "online", "in_person", "hybrid" or ""
    map_url: str

    @property
    def full(self) -> bool:
        return self.places_left is not None and (self.places_left == 0 or self.waiting > 0)


def attendance(event: Event) -> str:
    in_person = bool(event.venue_name or event.venue_address)
    if event.online and in_person:
        return "hybrid"
    if event.online:
        return "online"
    return "in_person" if in_person else ""


def map_url(event: Event) -> str:
    """A map search for the venue's address (and name), or "" when it has no address."""
    if not event.venue_address.strip():
        return ""
    where = ", ".join(
        part.strip()
        for part in [event.venue_name, *event.venue_address.splitlines()]
        if part.strip()
    )
    return MAP_SEARCH + quote_plus(where)


def event_facts(events: Sequence[Event]) -> dict[int, EventFacts]:
    """The facts for a page of public events, in three queries whatever the page's length."""
    ids = [e.pk for e in events]
    if not ids:
        return {}
    now = timezone.now()
    held = dict(
        Delegate.objects.filter(booking__event_id__in=ids, cancelled_at__isnull=True)
        .filter(
            Q(booking__status=BookingStatus.CONFIRMED)
            | Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__gt=now)
        )
        .values("booking__event_id")
        .annotate(n=Count("id"))
        .values_list("booking__event_id", "n")
    )
    waiting = dict(
        Booking.objects.filter(
            event_id__in=ids, status__in=[BookingStatus.WAITING, BookingStatus.OFFERED]
        )
        .values("event_id")
        .annotate(n=Count("id"))
        .values_list("event_id", "n")
    )
    prices = {
        row["event_id"]: row
        for row in Rate.objects.filter(event_id__in=ids, active=True)
        .values("event_id")
        .annotate(low=Min("net_amount"), paid=Count("id", filter=Q(net_amount__gt=0)))
    }
    facts = {}
    for e in events:
        price = prices.get(e.pk)
        facts[e.pk] = EventFacts(
            price_from=price["low"] if price else None,
            all_free=price is not None and price["paid"] == 0,
            places_left=None if e.capacity is None else max(e.capacity - held.get(e.pk, 0), 0),
            waiting=waiting.get(e.pk, 0),
            attendance=attendance(e),
            map_url=map_url(e),
        )
    return facts


def with_facts(events: Sequence[Event]) -> list[tuple[Event, EventFacts]]:
    facts = event_facts(events)
    return [(e, facts[e.pk]) for e in events]


def cohort_only(*, actor: Actor, event: Event) -> list[str] | None:
    """For a learning-set day that `actor` cannot book (none of their organisations is in the
    cohort, and they do not organise it): the cohort's organisation names, which its learning-set
    page shows anyone. None when the day is not only for a cohort, or `actor` may book it."""
    learning_set = event.learning_set
    if learning_set is None or access.is_organiser(actor, event):
        return None
    cohort = list(learning_set.cohort.order_by("name").values_list("pk", "name"))
    if getattr(actor, "is_authenticated", False) and any(
        access.can_book_for(actor, pk) for pk, _ in cohort
    ):
        return None
    return [name for _, name in cohort]
