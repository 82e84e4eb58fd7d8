"""Reads for events and bookings, scoped to the person asking."""

from __future__ import annotations

import datetime
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.db.models.functions import ExtractMonth, ExtractYear
from django.utils import timezone

from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network.models import Network

from . import access
from .models import (
    Booking,
    BookingStatus,
    CreditNote,
    Delegate,
    Event,
    EventStatus,
    Invoice,
    LearningSet,
    Rate,
)
from .services.bookings import free_places


def _public_events() -> QuerySet[Event]:
    return Event.objects.filter(
        status__in=[EventStatus.PUBLISHED, EventStatus.CANCELLED]
    ).select_related("network", "host", "learning_set")


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


def event_get(*, actor: Any, public_id: Any) -> Event:
    """A published or cancelled event for anyone; a draft only for its organisers."""
    event = (
        Event.objects.select_related("network", "host", "learning_set")
        .prefetch_related(Prefetch("rates", queryset=Rate.objects.filter(active=True)))
        .filter(public_id=public_id)
        .first()
    )
    if event is None or (
        event.status == EventStatus.DRAFT and not access.is_organiser(actor, event)
    ):
        raise NotFound("We could not find that event.")
    return event


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


def _booking_qs() -> QuerySet[Booking]:
    return Booking.objects.select_related(
        "event__network", "organisation", "booker"
    ).prefetch_related("delegates", "invoices")


def booking_get(*, actor: Any, public_id: Any) -> Booking:
    booking = _booking_qs().filter(public_id=public_id).first()
    if booking is None or not access.can_view_booking(actor, booking):
        raise NotFound("We could not find that booking.")
    return booking


def booking_delegates_for(*, actor: Any, booking: Booking) -> list[Delegate]:
    """The places of a booking that `actor` may see. The booker, the organisation's recovery lead
    and the organisers see every place; a delegate sees only their own, never the names and
    addresses of the others."""
    delegates = list(booking.delegates.all())
    if access.can_cancel_booking(actor, booking):
        return delegates
    email = str(getattr(actor, "email", "")).lower()
    return [d for d in delegates if d.email.lower() == email]


def bookings_for_person(*, actor: Any) -> QuerySet[Booking]:
    """Bookings the person made, or holds a place in."""
    email = actor.email.lower()
    return (
        _booking_qs()
        .filter(Q(booker=actor) | Q(delegates__email=email, delegates__cancelled_at__isnull=True))
        .distinct()
        .order_by("-event__starts_at")
    )


def bookings_for_organisation(*, actor: Any, organisation: Any) -> QuerySet[Booking]:
    if not (
        access.is_lead_of(actor, organisation.pk)
        or network_access.can_view_private(actor, organisation)
    ):
        raise PermissionDenied(
            "Only the organisation's recovery lead and the network team can see its bookings."
        )
    return _booking_qs().filter(organisation=organisation).order_by("-event__starts_at")


def lead_organisations(*, actor: Any) -> list[Any]:
    return [
        a.organisation
        for a in actor.affiliations.select_related("organisation")
        if a.role == "recovery_lead"
    ]


def invoices_for_organisation(*, actor: Any, organisation: Any) -> QuerySet[Invoice]:
    if not (
        access.is_lead_of(actor, organisation.pk)
        or network_access.can_view_private(actor, organisation)
    ):
        raise PermissionDenied()
    return (
        Invoice.objects.filter(booking__organisation=organisation)
        .select_related("booking__event", "network")
        .order_by("-issued_at")
    )


def invoice_get(*, actor: Any, public_id: Any) -> Invoice:
    invoice = (
        Invoice.objects.select_related(
            "booking__event__network", "booking__organisation", "network"
        )
        .prefetch_related("lines", "credit_notes")
        .filter(public_id=public_id)
        .first()
    )
    if invoice is None:
        raise NotFound("We could not find that invoice.")
    booking = invoice.booking
    allowed = (
        booking.booker_id == getattr(actor, "pk", None)
        or access.is_lead_of(actor, booking.organisation_id)
        or access.is_organiser(actor, booking.event)
    )
    if not allowed:
        raise NotFound("We could not find that invoice.")
    return invoice


def credit_note_get(*, actor: Any, public_id: Any) -> CreditNote:
    note = (
        CreditNote.objects.select_related("invoice__booking__event")
        .prefetch_related("lines")
        .filter(public_id=public_id)
        .first()
    )
    if note is None:
        raise NotFound("We could not find that credit note.")
    invoice_get(actor=actor, public_id=note.invoice.public_id)
    return note


def invoices_for_person(*, actor: Any) -> QuerySet[Invoice]:
    return (
        Invoice.objects.filter(booking__booker=actor)
        .select_related("booking__event", "network")
        .order_by("-issued_at")
    )


# --- Organisers --------------------------------------------------------------------------------------


def _require_organiser(actor: Any, event: Event) -> None:
    if not access.is_organiser(actor, event):
        raise PermissionDenied("Only the event's organisers can see this.")


def event_delegates(
    *, actor: Any, event: Event, include_cancelled: bool = False
) -> QuerySet[Delegate]:
    """Delegates with their needs: organisers only."""
    _require_organiser(actor, event)
    qs = Delegate.objects.filter(booking__event=event).select_related(
        "booking__organisation", "booking__booker"
    )
    if not include_cancelled:
        qs = qs.filter(cancelled_at__isnull=True, booking__status=BookingStatus.CONFIRMED)
    return qs.order_by("name", "id")


def event_bookings(*, actor: Any, event: Event) -> QuerySet[Booking]:
    _require_organiser(actor, event)
    return (
        Booking.objects.filter(event=event)
        .select_related("booker", "organisation")
        .annotate(places=Count("delegates", filter=Q(delegates__cancelled_at__isnull=True)))
        .order_by("created_at", "id")
    )


def events_for_organiser(*, actor: Any) -> QuerySet[Event]:
    qs = Event.objects.select_related("network", "host").order_by("-starts_at")
    if network_access.is_admin(actor):
        return qs
    ids = (
        access.organiser_network_ids(actor) | network_access.roles(actor).coordinator_network_ids()
    )
    if not ids:
        raise PermissionDenied("Only network organisers can see this page.")
    return qs.filter(network_id__in=ids)


def network_invoices(*, actor: Any, network: Any) -> QuerySet[Invoice]:
    # The same people who can open each invoice: the organisers (coordinators, consultants).
    if not (network_access.is_admin(actor) or network.pk in access.organiser_network_ids(actor)):
        raise PermissionDenied("Only the network's organisers can see its invoices.")
    return (
        Invoice.objects.filter(network=network)
        .select_related("booking__event", "booking__organisation")
        .order_by("-sequence_number")
    )


def attended_delegate(*, actor: Any, delegate_id: int) -> Delegate:
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
