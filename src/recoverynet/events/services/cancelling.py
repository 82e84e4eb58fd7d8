"""Cancelling a booking or one delegate's place; freed places go to the waiting list."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..models import (
    HOLDING_STATUSES,
    Booking,
    BookingStatus,
    Delegate,
    Event,
)
from . import announce, invoicing, notify
from .places import _active_count, _get_for_update
from .waiting_list import _offer_next

# --- Cancelling -------------------------------------------------------------------------------------------


def _check_cutoff(actor: Actor, event: Event) -> None:
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
    *, actor: Actor, booking: Booking, reason: str = "", tell_booker: bool = True
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
        # What `booking_cancel_undo` puts back (decision 0044).
        changes={
            "status": [previous, "cancelled"],
            "reason": reason,
            "delegates": [d.pk for d in active],
        },
    )
    announce.booking_cancelled(booking, places=len(active))
    if tell_booker:  # when a whole event is cancelled, one "event cancelled" e-mail says it all
        notify.booking_cancelled(booking, reason)
    if was_holding:
        _offer_next(event)
    return booking


@transaction.atomic
def delegate_cancel(*, actor: Actor, delegate: Delegate, reason: str = "") -> Delegate:
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
        # What `delegate_cancel_undo` puts back (decision 0044).
        changes={
            "delegate": delegate.name,
            "delegate_id": delegate.pk,
            "booking_status": booking.status,
        },
    )
    if _active_count(booking) == 0:
        booking.status = BookingStatus.CANCELLED
        booking.cancelled_at = delegate.cancelled_at
        booking.save(update_fields=["status", "cancelled_at", "updated_at"])
        announce.booking_cancelled(booking, places=1)  # the last place, cancelled just now
    # A smaller confirmed booking frees a place; a smaller waiting entry may now fit.
    _offer_next(event)
    return delegate
