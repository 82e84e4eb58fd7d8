"""Bookings, the waiting list and attendance.

The rule that matters most: capacity is never exceeded. Every change that takes or frees places runs
in one transaction that first locks the event row (`SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE) and then recounts held places from the bookings themselves.
Nothing is kept in a counter.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, Sum
from django.utils import timezone

from recoverynet.core import audit, idempotency
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.money import price_line
from recoverynet.core.text import clean_name, clean_text
from recoverynet.network.models import Membership, Organisation
from recoverynet.network.selectors import current_membership_q

from .. import access
from ..models import (
    HOLDING_STATUSES,
    Booking,
    BookingMode,
    BookingStatus,
    Delegate,
    Event,
    EventStatus,
    InterestRegistration,
    Rate,
    RateKind,
)
from . import invoicing, notify
from .booking_rules import booking_check_open, offer_expired_error, offer_ran_out


@dataclass(frozen=True)
class DelegateInput:
    name: str
    email: str
    rate_id: int
    organisation_name: str = ""
    perspective: str = ""
    access_needs: str = ""
    dietary_needs: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    created: bool  # False when an Idempotency-Key matched an earlier request


# --- Counting places ------------------------------------------------------------------------------


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


def _lock(event: Event) -> Event:
    return Event.objects.select_for_update(of=("self",)).select_related("network").get(pk=event.pk)


def _active_count(booking: Booking) -> int:
    return booking.delegates.filter(cancelled_at__isnull=True).count()


# --- Waiting list ----------------------------------------------------------------------------------


def _expire_offers(event: Event) -> list[Booking]:
    """Inside the event lock: offers past their time become EXPIRED and stop holding places."""
    now = timezone.now()
    stale = list(
        Booking.objects.filter(
            event=event, status=BookingStatus.OFFERED, offer_expires_at__lte=now
        ).select_related("booker", "event")
    )
    for booking in stale:
        booking.status = BookingStatus.EXPIRED
        booking.save(update_fields=["status", "updated_at"])
        audit.record(actor=None, action="events.offer.expired", obj=booking)
        notify.offer_expired(booking)
    return stale


def _make_offer(event: Event, booking: Booking, *, actor: Any = None) -> None:
    now = timezone.now()
    booking.status = BookingStatus.OFFERED
    booking.offered_at = now
    booking.offer_expires_at = now + datetime.timedelta(hours=event.offer_hours)
    booking.save(update_fields=["status", "offered_at", "offer_expires_at", "updated_at"])
    audit.record(
        actor=actor,
        action="events.offer.made",
        obj=booking,
        changes={"expires_at": booking.offer_expires_at.isoformat(), "by_hand": actor is not None},
    )
    notify.offer_made(booking)


def _offer_next(event: Event) -> list[Booking]:
    """Inside the event lock: offer freed places to waiting entries in order, skipping any that
    need more places than are free (the next entry that fits gets the offer)."""
    _expire_offers(event)
    if event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        return []
    free = free_places(event)
    offered: list[Booking] = []
    if free is None:
        waiting = Booking.objects.filter(event=event, status=BookingStatus.WAITING)
        for booking in waiting.select_related("booker", "event"):
            _make_offer(event, booking)
            offered.append(booking)
        return offered
    if free == 0:
        return []
    waiting = (
        Booking.objects.filter(event=event, status=BookingStatus.WAITING)
        .annotate(places=Count("delegates", filter=Q(delegates__cancelled_at__isnull=True)))
        .select_related("booker", "event")
        .order_by("created_at", "id")
    )
    for booking in waiting:
        if booking.places <= free:
            _make_offer(event, booking)
            offered.append(booking)
            free -= booking.places
            if free == 0:
                break
    return offered


# --- Booking ----------------------------------------------------------------------------------------


def _member_rate_allowed(event: Event, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return Membership.objects.filter(
        current_membership_q(network=event.network),
        organisation=organisation,
        network_id=event.network_id,
        tier__member_rates=True,
    ).exists()


def _validate_delegates(
    event: Event, organisation: Organisation | None, delegates: list[DelegateInput]
) -> dict[int, Rate]:
    if not delegates:
        raise ApplicationError(
            "invalid", "Add at least one delegate.", field="delegates", status=422
        )
    if len(delegates) > event.max_delegates_per_booking:
        raise ApplicationError(
            "too_many",
            f"You can book at most {event.max_delegates_per_booking} delegates at once.",
            field="delegates",
            status=422,
        )
    # .all() uses the rates the selector already prefetched.
    rates = {r.pk: r for r in event.rates.all() if r.active}
    emails: set[str] = set()
    member_ok: bool | None = None
    for i, d in enumerate(delegates):
        clean_name(d.name, field=f"delegates.{i}.name", max_length=150)
        clean_text(
            d.organisation_name,
            field=f"delegates.{i}.organisation_name",
            max_length=200,
            single_line=True,
        )
        rate = rates.get(d.rate_id)
        if rate is None:
            raise ApplicationError(
                "invalid",
                "Choose one of this event's rates.",
                field=f"delegates.{i}.rate",
                status=422,
            )
        if rate.kind == RateKind.MEMBER:
            if member_ok is None:
                member_ok = _member_rate_allowed(event, organisation)
            if not member_ok:
                raise ApplicationError(
                    "not_a_member",
                    "The member rate is for organisations with a current membership of this network. "
                    "Choose your organisation, or another rate.",
                    field=f"delegates.{i}.rate",
                    status=422,
                )
        email = d.email.strip().lower()
        if email in emails:
            raise ApplicationError(
                "duplicate",
                "Each delegate needs their own e-mail address.",
                field=f"delegates.{i}.email",
                status=422,
            )
        emails.add(email)
    return rates


def booking_create(
    *,
    actor: Any,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None = None,
    purchase_order: str = "",
    idempotency_key: str = "",
) -> BookingResult:
    """Book places for one or more delegates. Confirms them if enough places are free and nobody is
    waiting; otherwise the whole request joins the waiting list. The server decides every price."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to book.")
    purchase_order = clean_text(
        purchase_order, field="purchase_order", max_length=60, single_line=True
    )
    idempotency_key = clean_text(
        idempotency_key, field="Idempotency-Key", max_length=100, single_line=True
    )
    request = _request_fingerprint(event, organisation, purchase_order, delegates)
    if idempotency_key:
        earlier = Booking.objects.filter(booker=actor, idempotency_key=idempotency_key).first()
        if earlier is not None:
            if earlier.event_id != event.pk:
                raise ApplicationError(
                    "idempotency_conflict",
                    "That Idempotency-Key was used for another event.",
                    status=422,
                )
            idempotency.check_same_request(earlier.idempotency_fingerprint, request)
            return BookingResult(booking=earlier, created=False)
    if organisation is not None and not (
        access.can_book_for(actor, organisation.pk) or access.is_organiser(actor, event)
    ):
        raise PermissionDenied("You can only book for an organisation you belong to.")
    # Before the delegates and rates (an event booked elsewhere has none to choose from), on the
    # row as it is now; checked again under the lock.
    booking_check_open(Event.objects.get(pk=event.pk))
    try:
        with transaction.atomic():
            booking = _book(
                actor,
                event,
                delegates,
                organisation,
                purchase_order,
                (idempotency_key, request if idempotency_key else ""),
            )
    except IntegrityError:
        # Two requests with the same Idempotency-Key raced; the other one won, return its booking.
        earlier = Booking.objects.filter(booker=actor, idempotency_key=idempotency_key).first()
        if idempotency_key and earlier is not None:
            idempotency.check_same_request(earlier.idempotency_fingerprint, request)
            return BookingResult(booking=earlier, created=False)
        raise
    return BookingResult(booking=booking, created=True)


def _request_fingerprint(
    event: Event,
    organisation: Organisation | None,
    purchase_order: str,
    delegates: list[DelegateInput],
) -> str:
    """What makes two booking requests the same, as stored (so spacing or letter case in an e-mail
    address does not make a retry look different)."""
    return idempotency.fingerprint(
        {
            "event": event.pk,
            "organisation": organisation.pk if organisation else None,
            "purchase_order": purchase_order.strip(),
            "delegates": [
                {
                    "name": d.name.strip(),
                    "email": d.email.strip().lower(),
                    "rate": d.rate_id,
                    "organisation_name": d.organisation_name.strip(),
                    "perspective": d.perspective,
                    "access_needs": d.access_needs.strip(),
                    "dietary_needs": d.dietary_needs.strip(),
                }
                for d in delegates
            ],
        }
    )


def _book(
    actor: Any,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None,
    purchase_order: str,
    key_and_fingerprint: tuple[str, str],
) -> Booking:
    # Everything that does not depend on places is done before taking the event's lock, which
    # every booking for this event waits on: the lock is held only for the count and the writes.
    learning_set = event.learning_set
    if learning_set is not None and (
        organisation is None or not learning_set.cohort.filter(pk=organisation.pk).exists()
    ):
        raise ApplicationError(
            "not_in_cohort",
            "Only organisations in this learning set's cohort can book its days.",
            field="organisation",
            status=403,
        )
    rates = _validate_delegates(event, organisation, delegates)
    network = event.network
    tax_rate = network.tax_rate_on(timezone.localdate(event.starts_at, network.tz))
    lines = [
        _priced_delegate(d, rates[d.rate_id], tax_rate, network.currency, organisation)
        for d in delegates
    ]
    if any(line.gross for line in lines):
        # A paid place will need an invoice (now, or when a waiting-list offer is accepted).
        invoicing.require_invoice_details(network)

    event = _lock(event)
    booking_check_open(
        event
    )  # again on the locked row, so it cannot close between the check and the write
    places = _places(event)
    if places.stale_offers or (places.waiting and places.free):
        # Expire stale offers and pass free places to people already waiting, before this request.
        _offer_next(event)
        places = _places(event)
    confirm = places.free is None or (places.free >= len(lines) and not places.waiting)
    booking = Booking.objects.create(
        event=event,
        booker=actor,
        organisation=organisation,
        status=BookingStatus.CONFIRMED if confirm else BookingStatus.WAITING,
        purchase_order=purchase_order,
        currency=network.currency,
        idempotency_key=key_and_fingerprint[0],
        idempotency_fingerprint=key_and_fingerprint[1],
        confirmed_at=timezone.now() if confirm else None,
    )
    for line in lines:
        line.booking = booking
    Delegate.objects.bulk_create(lines)
    _remember_delegates(booking, lines)
    audit.record(
        actor=actor,
        action="events.booking.created" if confirm else "events.booking.waitlisted",
        obj=booking,
        changes={"event": event.title, "delegates": len(lines), "status": booking.status},
    )
    if confirm:
        invoice = invoicing.invoice_issue(booking)
        remember_related(booking, "invoices", [invoice] if invoice else [])
        notify.booking_confirmed(booking)
        return booking
    remember_related(booking, "invoices", [])
    # Free places that the entries ahead are too large for may fit this request.
    if places.free and any(b.pk == booking.pk for b in _offer_next(event)):
        booking.refresh_from_db()
    else:
        notify.booking_waiting(booking)
    return booking


@dataclass(frozen=True)
class Places:
    free: int | None  # None: no limit
    waiting: bool  # someone is on the waiting list or holding an offer
    stale_offers: bool  # offers past their time that still need expiring


def _places(event: Event) -> Places:
    """Inside the event lock: held places, the waiting list and stale offers, in one query."""
    now = timezone.now()
    confirmed = Q(booking__status=BookingStatus.CONFIRMED)
    live_offer = Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__gt=now)
    stale_offer = Q(booking__status=BookingStatus.OFFERED, booking__offer_expires_at__lte=now)
    counts = Delegate.objects.filter(booking__event=event, cancelled_at__isnull=True).aggregate(
        held=Count("id", filter=confirmed | live_offer),
        waiting=Count("id", filter=Q(booking__status=BookingStatus.WAITING) | live_offer),
        stale=Count("id", filter=stale_offer),
    )
    free = None if event.capacity is None else max(event.capacity - counts["held"], 0)
    return Places(free=free, waiting=counts["waiting"] > 0, stale_offers=counts["stale"] > 0)


def _priced_delegate(
    d: DelegateInput, rate: Rate, tax_rate: Any, currency: str, organisation: Organisation | None
) -> Delegate:
    price = price_line(rate.net_amount, tax_rate, currency)
    return Delegate(
        name=d.name.strip(),
        email=d.email.strip().lower(),
        organisation_name=d.organisation_name.strip()
        or (organisation.name if organisation else ""),
        perspective=d.perspective,
        access_needs=d.access_needs.strip(),
        dietary_needs=d.dietary_needs.strip(),
        rate=rate,
        rate_name=rate.name,
        net=price.net,
        tax_rate=price.rate,
        tax=price.tax,
        gross=price.gross,
    )


def _remember_delegates(booking: Booking, delegates: list[Delegate]) -> None:
    """Make booking.delegates.all() answer from the rows just inserted, as prefetch_related would,
    so e-mails and the invoice do not read them back while the event is locked."""
    remember_related(booking, "delegates", delegates)


def remember_related(instance: Any, name: str, rows: list[Any]) -> None:
    """Fill a reverse relation's prefetch cache with rows we already hold."""
    cached = getattr(instance, name).all()
    cached._result_cache = rows
    cached._prefetch_done = True
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache[name] = cached


# --- Offers -------------------------------------------------------------------------------------------


def _get_for_update(booking: Booking) -> tuple[Event, Booking]:
    event = _lock(booking.event)
    booking = (
        Booking.objects.select_for_update(of=("self",))
        .select_related("event__network", "booker", "organisation")
        .get(pk=booking.pk)
    )
    booking.event = event
    return event, booking


def offer_accept(*, actor: Any, booking: Booking) -> Booking:
    if booking.booker_id != getattr(actor, "pk", None):
        raise PermissionDenied("Only the person who joined the waiting list can accept this offer.")
    with transaction.atomic():
        event, booking = _get_for_update(booking)
        expired = offer_ran_out(booking)
        if expired and booking.status == BookingStatus.OFFERED:
            # Commit the expiry and pass the place on before telling the person (a rollback here
            # would leave the stale offer holding the place).
            _offer_next(event)
        elif not expired:
            confirmed = _accept(actor, event, booking)
    if expired:  # by this request, or earlier by the scheduler
        raise offer_expired_error(booking)
    return confirmed


def _accept(actor: Any, event: Event, booking: Booking) -> Booking:
    if booking.status != BookingStatus.OFFERED:
        raise ApplicationError(
            "no_offer", "There is no offer waiting for this booking.", status=409
        )
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError(
            "not_bookable", "This event is no longer taking bookings.", status=409
        )
    booking.status = BookingStatus.CONFIRMED
    booking.confirmed_at = timezone.now()
    booking.save(update_fields=["status", "confirmed_at", "updated_at"])
    audit.record(actor=actor, action="events.offer.accepted", obj=booking)
    booking = (
        Booking.objects.select_related("event__network", "booker", "organisation")
        .prefetch_related("delegates")
        .get(pk=booking.pk)
    )
    invoicing.invoice_issue(booking)
    notify.booking_confirmed(booking)
    return booking


@transaction.atomic
def offer_decline(*, actor: Any, booking: Booking) -> Booking:
    if booking.booker_id != getattr(actor, "pk", None):
        raise PermissionDenied(
            "Only the person who joined the waiting list can decline this offer."
        )
    event, booking = _get_for_update(booking)
    if booking.status == BookingStatus.EXPIRED:
        raise offer_expired_error(booking)
    if booking.status != BookingStatus.OFFERED:
        raise ApplicationError(
            "no_offer", "There is no offer waiting for this booking.", status=409
        )
    booking.status = BookingStatus.DECLINED
    booking.save(update_fields=["status", "updated_at"])
    audit.record(actor=actor, action="events.offer.declined", obj=booking)
    _offer_next(event)
    return booking


@transaction.atomic
def offer_manual(*, actor: Any, booking: Booking) -> Booking:
    """Staff offer a place to a particular waiting entry, out of turn, if enough places are free."""
    if not access.is_organiser(actor, booking.event):
        raise PermissionDenied("Only the event's organisers can offer places by hand.")
    event, booking = _get_for_update(booking)
    if booking.status != BookingStatus.WAITING:
        raise ApplicationError(
            "not_waiting", "This booking is not on the waiting list.", status=409
        )
    _expire_offers(event)
    free = free_places(event)
    needed = _active_count(booking)
    if free is not None and free < needed:
        raise ApplicationError(
            "no_places",
            f"This entry needs {needed} place{'s' if needed != 1 else ''} but "
            f"{'no places are' if free == 0 else f'only {free} place' + ('s are' if free != 1 else ' is')} free.",
            status=409,
        )
    _make_offer(event, booking, actor=actor)
    _offer_next(event)  # anything still free goes to the queue as usual
    return booking


def offers_expire() -> int:
    """Scheduled: expire stale offers on every event and pass the places on."""
    now = timezone.now()
    event_ids = set(
        Booking.objects.filter(status=BookingStatus.OFFERED, offer_expires_at__lte=now).values_list(
            "event_id", flat=True
        )
    )
    for event_id in event_ids:
        with transaction.atomic():
            event = (
                Event.objects.select_for_update(of=("self",))
                .select_related("network")
                .get(pk=event_id)
            )
            _offer_next(event)  # expires first, then offers
    return len(event_ids)


# --- Cancelling -------------------------------------------------------------------------------------------


def _check_cutoff(actor: Any, event: Event) -> None:
    if access.is_organiser(actor, event):
        return
    cutoff = event.starts_at - datetime.timedelta(hours=event.cancellation_cutoff_hours)
    if timezone.now() >= cutoff:
        raise ApplicationError(
            "too_late",
            f"Bookings can only be cancelled online until {event.cancellation_cutoff_hours} hours before the "
            "event. Please contact the network team.",
            status=409,
        )


@transaction.atomic
def booking_cancel(
    *, actor: Any, booking: Booking, reason: str = "", tell_booker: bool = True
) -> Booking:
    if not access.can_cancel_booking(actor, booking):
        raise PermissionDenied("You cannot cancel this booking.")
    event, booking = _get_for_update(booking)
    if booking.status in (BookingStatus.CANCELLED, BookingStatus.EXPIRED, BookingStatus.DECLINED):
        raise ApplicationError(
            "already_cancelled", "This booking is already cancelled.", status=409
        )
    was_holding = booking.status in HOLDING_STATUSES
    if booking.status == BookingStatus.CONFIRMED:
        _check_cutoff(actor, event)
    now = timezone.now()
    active = list(booking.delegates.filter(cancelled_at__isnull=True))
    Delegate.objects.filter(pk__in=[d.pk for d in active]).update(cancelled_at=now)
    previous = booking.status
    booking.status = BookingStatus.CANCELLED
    booking.cancelled_at = now
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    reason = clean_text(reason, field="reason", max_length=600) or "Cancelled by request"
    invoicing.credit_delegates(actor=actor, booking=booking, delegates=active, reason=reason)
    audit.record(
        actor=actor,
        action="events.booking.cancelled",
        obj=booking,
        changes={"status": [previous, "cancelled"], "reason": reason},
    )
    if tell_booker:  # when a whole event is cancelled, one "event cancelled" e-mail says it all
        notify.booking_cancelled(booking, reason)
    if was_holding:
        _offer_next(event)
    return booking


@transaction.atomic
def delegate_cancel(*, actor: Any, delegate: Delegate, reason: str = "") -> Delegate:
    """Cancel one place. The booker, the organisation's recovery lead, the organisers or the
    delegate themselves may do it."""
    booking = delegate.booking
    is_self = getattr(actor, "email", "").lower() == delegate.email.lower()
    if not (is_self or access.can_cancel_booking(actor, booking)):
        raise PermissionDenied("You cannot cancel this place.")
    event, booking = _get_for_update(booking)
    delegate = Delegate.objects.select_for_update(of=("self",)).get(pk=delegate.pk)
    if delegate.cancelled_at is not None:
        raise ApplicationError("already_cancelled", "This place is already cancelled.", status=409)
    if booking.status == BookingStatus.CONFIRMED:
        _check_cutoff(actor, event)
    delegate.cancelled_at = timezone.now()
    delegate.save(update_fields=["cancelled_at", "updated_at"])
    reason = reason.strip() or f"Place for {delegate.name} cancelled"
    invoicing.credit_delegates(actor=actor, booking=booking, delegates=[delegate], reason=reason)
    audit.record(
        actor=actor,
        action="events.delegate.cancelled",
        obj=booking,
        changes={"delegate": delegate.name},
    )
    if _active_count(booking) == 0:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = delegate.cancelled_at
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    # A smaller confirmed booking frees a place; a smaller waiting entry may now fit.
    _offer_next(event)
    return delegate


# --- Interest and attendance ------------------------------------------------------------------------


@transaction.atomic
def interest_register(
    *,
    actor: Any,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    places_wanted: int = 1,
) -> InterestRegistration:
    if event.status != EventStatus.PUBLISHED or event.booking_mode != BookingMode.REGISTER_INTEREST:
        raise ApplicationError(
            "not_taking_interest", "This event is not taking registrations of interest.", status=409
        )
    if not 1 <= places_wanted <= event.max_delegates_per_booking:
        raise ApplicationError(
            "invalid",
            f"Ask for between 1 and {event.max_delegates_per_booking} places.",
            field="places_wanted",
            status=422,
        )
    name = clean_name(name, field="name", max_length=150)
    organisation_name = clean_text(
        organisation_name, field="organisation_name", max_length=200, single_line=True
    )
    email = email.strip().lower()
    registration, created = InterestRegistration.objects.get_or_create(
        event=event,
        email=email,
        defaults={
            "name": name,
            "organisation_name": organisation_name,
            "places_wanted": places_wanted,
            "user": actor if getattr(actor, "is_authenticated", False) else None,
        },
    )
    if not created:
        raise ApplicationError(
            "duplicate",
            f"{email} has already registered interest in this event.",
            field="email",
            status=409,
        )
    audit.record(
        actor=actor,
        action="events.interest.registered",
        obj=registration,
        label=f"interest in {event.title}",
    )
    return registration


@transaction.atomic
def delegate_check_in(*, actor: Any, delegate: Delegate, attended: bool = True) -> Delegate:
    event = delegate.booking.event
    if not access.is_organiser(actor, event):
        raise PermissionDenied("Only the event's organisers can record attendance.")
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=delegate.pk)
    )
    if delegate.cancelled_at is not None or delegate.booking.status != BookingStatus.CONFIRMED:
        raise ApplicationError(
            "not_confirmed", "Only confirmed delegates can be checked in.", status=409
        )
    delegate.checked_in_at = timezone.now() if attended else None
    delegate.save(update_fields=["checked_in_at", "updated_at"])
    audit.record(
        actor=actor,
        action="events.attendance.recorded",
        obj=delegate.booking,
        changes={"delegate": delegate.name, "attended": attended},
    )
    return delegate


def booking_get_for_action(public_id: Any) -> Booking:
    booking = (
        Booking.objects.select_related("event__network", "booker", "organisation")
        .filter(public_id=public_id)
        .first()
    )
    if booking is None:
        raise NotFound("We could not find that booking.")
    return booking


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
