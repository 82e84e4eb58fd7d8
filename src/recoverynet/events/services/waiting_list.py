"""The waiting list: offers made, accepted, declined, made by hand and expired (inside the event
lock; see `places`)."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Count, Q
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access
from ..models import (
    Booking,
    BookingStatus,
    Event,
    EventStatus,
)
from ..selectors import free_places
from . import announce, booking_mail, invoicing, notify
from .booking_rules import offer_expired_error, offer_ran_out
from .places import _active_count, _get_for_update

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


def _make_offer(event: Event, booking: Booking, *, actor: Actor | None = None) -> None:
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
    places = getattr(booking, "places", None)  # annotated by _offer_next
    announce.offer_made(booking, places=_active_count(booking) if places is None else places)


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


# --- Offers -------------------------------------------------------------------------------------------


def offer_accept(*, actor: Actor, booking: Booking) -> Booking:
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


def _accept(actor: Actor, event: Event, booking: Booking) -> Booking:
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
    booking_mail.booking_confirmed(booking)
    announce.booking_confirmed(
        booking, places=sum(1 for d in booking.delegates.all() if d.cancelled_at is None)
    )
    return booking


@transaction.atomic
def offer_decline(*, actor: Actor, booking: Booking) -> Booking:
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
def offer_manual(*, actor: Actor, booking: Booking) -> Booking:
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
