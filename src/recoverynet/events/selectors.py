"""Reads for events and bookings, scoped to the person asking."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.db.models import Case, Count, Prefetch, Q, QuerySet, Sum, When
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Network

from . import access, kept_events
from .models import (
    Booking,
    BookingStatus,
    Delegate,
    Event,
    EventStatus,
    LearningSet,
    Rate,
)


def _public_events() -> QuerySet[Event]:
    return Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]
    ).select_related("network", "host", "learning_set", "picture")


def event_list_upcoming(
    *, network_slug: str = "", kind: str = "", month: datetime.date | None = None
) -> QuerySet[Event]:
    qs = _public_events().filter(ends_at__gte=timezone.now())
    if network_slug:
        qs = qs.filter(network__slug=network_slug)
    if kind:
        qs = qs.filter(kind=kind)
    if month:
        # The month as people in that network see it (an event at 00:30 on 1 June in London is a
        # June event, though it is 31 May in UTC).
        network = Network.objects.filter(slug=network_slug).first() if network_slug else None
        tz = network.tz if network else timezone.get_default_timezone()
        qs = qs.annotate(
            local_year=ExtractYear("starts_at", tzinfo=tz),
            local_month=ExtractMonth("starts_at", tzinfo=tz),
        ).filter(local_year=month.year, local_month=month.month)
    return qs.order_by("starts_at", "id")


def event_list_past(*, network_slug: str = "") -> QuerySet[Event]:
    qs = _public_events().filter(ends_at__lt=timezone.now())
    if network_slug:
        qs = qs.filter(network__slug=network_slug)
    return qs.order_by("-starts_at", "-id")


def event_get(*, actor: Actor, public_id: Any) -> Event:
    """A published or cancelled event for anyone; a draft only for its organisers."""
    return _visible(actor, public_id, ("network", "host", "learning_set", "picture"))


def event_to_book(*, actor: Actor, public_id: Any) -> Event:
    """`event_get` with only what making a booking reads (its network, learning set and active
    rates), from the shared cache: the booking API is the busiest write (issue #17)."""
    event = kept_events.event_to_book(public_id)
    return _visible_or_404(actor, event)


def _visible(actor: Actor, public_id: Any, related: tuple[str, ...]) -> Event:
    event = (
        Event.objects.select_related(*related)
        .prefetch_related(Prefetch("rates", queryset=Rate.objects.filter(active=True)))
        .filter(public_id=public_id)
        .first()
    )
    return _visible_or_404(actor, event)


def _visible_or_404(actor: Actor, event: Event | None) -> Event:
    if event is None or (
        event.status == EventStatus.DRAFT and not access.is_organiser(actor, event)
    ):
        raise NotFound("We could not find that event.")
    return event


# --- Places (counted from the bookings; services call these inside the event's lock) -------------


def held_places(event: Event) -> int:
    """Places taken by confirmed bookings and by offers that have not expired."""
    now = timezone.now()
    return (
        Delegate.objects.filter(booking__event=event, cancelled_at__isnull=True)
        .filter(
            Q(booking__status=BookingStatus.CONFIRMED)
            | Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__gt=now)
        )
        .count()
    )


def free_places(event: Event) -> int | None:
    if event.capacity is None:
        return None
    return max(event.capacity - held_places(event), 0)


def event_availability(event: Event) -> dict[str, Any]:
    free = free_places(event)
    waiting = Booking.objects.filter(
        event=event, status__in=[BookingStatus.WAITING, BookingStatus.OFFERED]
    ).count()
    return {
        "free": free,
        "waiting": waiting,
        "full": free is not None and (free == 0 or waiting > 0),
    }


def event_timing(event: Event) -> str:
    """Where the event stands in time, for the booking panel: finished, started, not_open_yet,
    window_closed or bookable (the booking mode and status are checked separately)."""
    now = timezone.now()
    if event.ends_at <= now:
        return "finished"
    if event.starts_at <= now:
        return "started"
    if event.booking_opens_at and now < event.booking_opens_at:
        return "not_open_yet"
    if event.booking_closes_at and now >= event.booking_closes_at:
        return "window_closed"
    return "bookable"


def network_feed_events(network_slug: str) -> QuerySet[Event]:
    since = timezone.now() - datetime.timedelta(days=90)
    return (
        _public_events()
        .filter(network__slug=network_slug, ends_at__gte=since)
        .order_by("starts_at")
    )


def learning_sets_in_network(*, network: Network) -> QuerySet[LearningSet]:
    """A network's learning sets by title (other apps offer them as choices)."""
    return LearningSet.objects.filter(network=network).order_by("title")


def learning_set_ids_with_cohort(organisation_ids: Sequence[int]) -> QuerySet[LearningSet, Any]:
    """The ids of the learning sets whose cohort includes any of these organisations, as a subquery
    for another app's access filter (the library's): ids only, nothing shown to anyone."""
    return LearningSet.objects.filter(cohort__in=list(organisation_ids)).values("pk")


def learning_set_get(slug: str) -> LearningSet:
    learning_set = (
        LearningSet.objects.select_related("network")
        .prefetch_related(
            Prefetch(
                "days",
                queryset=Event.objects.filter(
                    status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]
                ).order_by("starts_at"),
            ),
            "cohort",
        )
        .filter(slug=slug)
        .first()
    )
    if learning_set is None:
        raise NotFound("We could not find that learning set.")
    return learning_set


# --- Bookings ------------------------------------------------------------------------------------------


def _booking_qs(*, details: bool = True) -> QuerySet[Booking]:
    # Places ordered by their own columns: the model's ordering ("booking") would join every
    # prefetched place back to its booking just to sort.
    places = Prefetch("delegates", queryset=Delegate.objects.order_by("booking_id", "id"))
    qs = Booking.objects.select_related("event__network", "organisation", "booker")
    return qs.prefetch_related(places, "invoices") if details else qs


def booking_get(*, actor: Actor, public_id: Any) -> Booking:
    booking = _booking_qs().filter(public_id=public_id).first()
    if booking is None or not access.can_view_booking(actor, booking):
        raise NotFound("We could not find that booking.")
    return booking


def booking_delegates_for(
    *, actor: Actor, booking: Booking, places: list[Any] | None = None
) -> list[Any]:
    """The places of a booking that `actor` may see (`places`: its plain rows from
    `booking_rows.page_details`, else its prefetched places). The booker, the organisation's recovery lead and the organisers
    see every place; a delegate sees only their own, never the names and addresses of the others."""
    delegates: list[Any] = list(booking.delegates.all()) if places is None else places
    if access.can_cancel_booking(actor, booking):
        return delegates
    email = str(getattr(actor, "email", "")).lower()
    return [d for d in delegates if (d["email"] if places else d.email).lower() == email]


def bookings_for_person(*, actor: Actor, details: bool = True) -> QuerySet[Booking]:
    """Bookings the person made, or holds a place in (`details=False`: without their places and
    invoices, for `booking_rows.page_details`)."""
    who = person(actor)
    # Two index lookups, not an OR across a join to the places (which scans every booking and
    # every place once there are many: see bench/pages.py).
    held = list(
        Delegate.objects.filter(email=who.email.lower(), cancelled_at__isnull=True).values_list(
            "booking_id", flat=True
        )
    )
    qs = _booking_qs(details=details).filter(Q(booker=who) | Q(pk__in=held))
    return qs.order_by("-event__starts_at", "-pk")


def bookings_waiting_for_person(*, actor: Actor) -> list[Booking]:
    """Upcoming bookings the person made or holds a place in, that are confirmed or offered (offers
    first, soonest expiry first): the "Your things" list. One query."""
    if not getattr(actor, "is_authenticated", False):
        return []
    email = person(actor).email.lower()
    return list(
        Booking.objects.select_related("event__network")
        .filter(Q(booker=actor) | Q(delegates__email=email, delegates__cancelled_at__isnull=True))
        .filter(
            status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED],
            event__starts_at__gte=timezone.now(),
        )
        .exclude(status=BookingStatus.OFFERED, offer_expires_at__lt=timezone.now())
        .distinct()
        .order_by(
            Case(When(status=BookingStatus.OFFERED, then=0), default=1),
            "offer_expires_at",
            "event__starts_at",
        )[:20]
    )


def bookings_for_organisation(
    *, actor: Actor, organisation: Any, details: bool = True
) -> QuerySet[Booking]:
    """The organisation's bookings (`details=False`: without their places and invoices)."""
    if not (
        access.is_lead_of(actor, organisation.pk)
        or network_access.can_view_private(actor, organisation)
    ):
        raise PermissionDenied(
            "Only the organisation's recovery lead and the network team can see its bookings."
        )
    return (
        _booking_qs(details=details).filter(organisation=organisation).order_by("-event__starts_at")
    )


def lead_organisations(*, actor: Actor) -> list[Any]:
    return [
        a.organisation
        for a in person(actor).affiliations.select_related("organisation")
        if a.role == "recovery_lead"
    ]


# --- Organisers --------------------------------------------------------------------------------------


def _require_organiser(actor: Actor, event: Event) -> None:
    if not access.is_organiser(actor, event):
        raise PermissionDenied("Only the event's organisers can see this.")


def event_delegates(
    *, actor: Actor, event: Event, include_cancelled: bool = False
) -> QuerySet[Delegate]:
    """Delegates with their needs: organisers only."""
    _require_organiser(actor, event)
    qs = Delegate.objects.filter(booking__event=event).select_related(
        "booking__organisation", "booking__booker"
    )
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True, booking__status=BookingStatus.CONFIRMED)
    return qs.order_by("name", "id")


def event_bookings(*, actor: Actor, event: Event) -> QuerySet[Booking]:
    _require_organiser(actor, event)
    return (
        Booking.objects.filter(event=event)
        .select_related("booker", "organisation")
        .annotate(places=Count("delegates", filter=Q(delegates__cancelled_at__isnull=True)))
        .order_by("created_at", "id")
    )


def events_for_organiser(*, actor: Actor) -> QuerySet[Event]:
    qs = Event.objects.select_related("network", "host").order_by("-starts_at")
    if network_access.is_admin(actor):
        return qs
    ids = (
        access.organiser_network_ids(actor) | network_access.roles(actor).coordinator_network_ids()
    )
    if not ids:
        raise PermissionDenied("Only network organisers can see this page.")
    return qs.filter(network_id__in=ids)


def attended_delegate(*, actor: Actor, delegate_id: int) -> Delegate:
    """A delegate's own attendance record, for their certificate."""
    delegate = (
        Delegate.objects.select_related("booking__event__network", "booking__event__host")
        .filter(pk=delegate_id)
        .first()
    )
    if delegate is None:
        raise NotFound()
    is_self = getattr(actor, "email", "").lower() == delegate.email.lower()
    if not (is_self or access.can_cancel_booking(actor, delegate.booking)):
        raise NotFound()
    if delegate.checked_in_at is None:
        raise NotFound("There is no attendance record for this place, so there is no certificate.")
    return delegate


def event_attending_organisations(event: Event) -> QuerySet[Any]:
    """Organisations with a confirmed booking for the event (for learning-day review agendas)."""
    from recoverynet.network.models import Organisation

    return (
        Organisation.objects.filter(bookings__event=event, bookings__status=BookingStatus.CONFIRMED)
        .distinct()
        .order_by("name")
    )


def events_by_public_ids(ids: Sequence[Any]) -> list[Event]:
    """Events by public id with their network, in one query (for the label and date of a plan's
    occasion: the title and day of an event are not private to anyone who holds its id)."""
    return list(Event.objects.select_related("network").filter(public_id__in=list(ids)))


def learning_days_for_organisation(*, actor: Actor, organisation: Any) -> list[Event]:
    """Learning-set days the organisation has confirmed places at, newest first, each once. Empty
    for people who may not see the organisation's bookings."""
    try:
        bookings = bookings_for_organisation(actor=actor, organisation=organisation)
    except PermissionDenied:
        return []
    days: dict[int, Event] = {}
    for booking in bookings.filter(
        status=BookingStatus.CONFIRMED, event__learning_set__isnull=False
    ):
        days.setdefault(booking.event_id, booking.event)
    return list(days.values())


def review_agenda(*, actor: Actor, event: Event) -> list[tuple[Any, list[Any] | None]]:
    """For a learning-set day, for its organisers: each organisation with confirmed places and its
    open actions due by the day (None where its plans are not shared with the actor)."""
    from recoverynet.plans import selectors as plan_selectors

    _require_organiser(actor, event)
    if event.learning_set_id is None:
        raise NotFound("There is a review agenda only for learning-set days.")
    day = timezone.localtime(event.starts_at, event.network.tz).date()
    organisations = list(event_attending_organisations(event))
    return plan_selectors.actions_due_for_review(actor=actor, organisations=organisations, by=day)


def event_people_emails(event: Event) -> list[str]:
    """Everyone who holds or waits for a place: bookers and active delegates."""
    bookings = Booking.objects.filter(
        event=event,
        status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING],
    )
    emails = set(bookings.values_list("booker__email", flat=True))
    emails |= set(
        Delegate.objects.filter(booking__in=bookings, cancelled_at__isnull=True).values_list(
            "email", flat=True
        )
    )
    return sorted(emails)


def event_totals(event: Event) -> dict[str, Any]:
    return Delegate.objects.filter(
        booking__event=event, cancelled_at__isnull=True, booking__status=BookingStatus.CONFIRMED
    ).aggregate(places=Count("id"), net=Sum("net"), tax=Sum("tax"), gross=Sum("gross"))
