"""Undoing a cancelled place or booking (issue #15, decision 0044), for `core.undo.UNDO_WINDOW`
after the cancellation and only while it is the booking's latest audited change.

A cancellation frees places at once, and the waiting list comes first: the undo runs inside the
event lock (`places`), offers freed places to the waiting list first, and then puts the places back
only if they are still free. Otherwise it says the place has gone and how to join the waiting list.

Billing's rules hold: an issued credit note is never deleted or changed. Places that the
cancellation credited are billed again on a new invoice (`invoicing.invoice_issue` for just those
places), so the books show the cancellation, its credit note and the new invoice.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.core.undo import require_undoable

from .. import access
from ..models import HOLDING_STATUSES, Booking, BookingStatus, Delegate, Event, EventStatus
from ..selectors import free_places
from ..undo_offers import CANCELLED_ACTION as BOOKING_CANCELLED
from ..undo_offers import PLACE_CANCELLED_ACTION as DELEGATE_CANCELLED
from ..undo_offers import may_undo
from . import announce, invoicing, notify
from .places import _get_for_update
from .waiting_list import _offer_next

# Statuses a cancelled booking can go back to (an offer ran on a clock that has not stopped).
RESTORABLE = (BookingStatus.CONFIRMED, BookingStatus.WAITING)


def _place_gone(event: Event, places: int) -> ApplicationError:
    what = "The place has" if places == 1 else "The places have"
    return ApplicationError(
        "place_gone",
        f"{what} gone: since the cancellation, {'it' if places == 1 else 'they'} went to someone "
        f"on the waiting list or to a new booking, so the cancellation cannot be undone. To go "
        f"after all, book again from the page for {event.title}: while it is full, that puts you "
        "on the waiting list.",
        status=409,
    )


def _check_event(event: Event) -> None:
    if event.status != EventStatus.PUBLISHED or event.starts_at <= timezone.now():
        raise ApplicationError(
            "not_bookable",
            "This event is no longer taking bookings, so the cancellation cannot be undone.",
            status=409,
        )


def _restore(
    *,
    actor: Actor,
    event: Event,
    booking: Booking,
    entry: AuditEntry,
    delegates: list[Delegate],
    status: str,
) -> str:
    """Put `delegates` back in `booking` (which becomes `status`), if their places are still free;
    bill again what was credited. Returns the number of the new invoice, if one was issued."""
    _check_event(event)
    if status in HOLDING_STATUSES:
        _offer_next(event)  # places freed and not yet offered go to the waiting list first
        free = free_places(event)
        if free is not None and free < len(delegates):
            raise _place_gone(event, len(delegates))
    Delegate.objects.filter(pk__in=[d.pk for d in delegates]).update(cancelled_at=None)
    for d in delegates:
        d.cancelled_at = None
    previous = booking.status
    booking.status = status
    booking.cancelled_at = None
    booking.save(update_fields=["status", "cancelled_at", "updated_at"])
    invoice = None
    if status == BookingStatus.CONFIRMED:
        again = invoicing._credited(booking, delegates)
        if again:
            invoice = invoicing.invoice_issue(booking, delegates=again)
    audit.record(
        actor=actor,
        action=f"{entry.action}.undone",
        obj=booking,
        changes={
            "undoes": entry.pk,
            "status": [previous, status],
            "delegates": [d.pk for d in delegates],
            **({"invoice": invoice.number} if invoice else {}),
        },
    )
    if previous != status and status == BookingStatus.CONFIRMED:
        announce.booking_confirmed(booking, places=len(delegates))
    notify.cancellation_undone(booking, delegates)
    return invoice.number if invoice else ""


def _require_may_undo(actor: Actor, entry: AuditEntry, booking: Booking) -> None:
    if not may_undo(actor, entry, booking):
        raise PermissionDenied(
            "Only the person who cancelled, or the event's organisers, can undo this cancellation."
        )


@transaction.atomic
def booking_cancel_undo(*, actor: Actor, booking: Booking) -> Booking:
    """Undo `booking_cancel`: the booking and the places it cancelled come back as they were."""
    if not access.can_cancel_booking(actor, booking):
        raise PermissionDenied("You cannot change this booking.")
    event, booking = _get_for_update(booking)
    entry = require_undoable(booking, BOOKING_CANCELLED, "The cancellation")
    _require_may_undo(actor, entry, booking)
    status = (entry.changes.get("status") or ["", ""])[0]
    ids = entry.changes.get("delegates")
    if booking.status != BookingStatus.CANCELLED or status not in RESTORABLE or ids is None:
        raise ApplicationError(
            "not_undoable", "This cancellation cannot be undone. Book again instead.", status=409
        )
    delegates = list(booking.delegates.filter(pk__in=ids, cancelled_at__isnull=False))
    _restore(
        actor=actor, event=event, booking=booking, entry=entry, delegates=delegates, status=status
    )
    return booking


@transaction.atomic
def delegate_cancel_undo(*, actor: Actor, delegate: Delegate) -> Delegate:
    """Undo `delegate_cancel`: the place comes back (and the booking, if it was its last place)."""
    booking = delegate.booking
    is_self = getattr(actor, "email", "").lower() == delegate.email.lower()
    if not (is_self or access.can_cancel_booking(actor, booking)):
        raise PermissionDenied("You cannot change this place.")
    event, booking = _get_for_update(booking)
    entry = require_undoable(booking, DELEGATE_CANCELLED, f"The cancellation for {delegate.name}")
    _require_may_undo(actor, entry, booking)
    delegate = Delegate.objects.select_for_update(of=("self",)).get(pk=delegate.pk)
    if entry.changes.get("delegate_id") != delegate.pk or delegate.cancelled_at is None:
        raise ApplicationError(
            "not_undoable",
            f"The place for {delegate.name} was not the last one cancelled, so it cannot be "
            "undone here. Book it again instead.",
            status=409,
        )
    status = entry.changes.get("booking_status", "")
    if status not in RESTORABLE or booking.status not in (status, BookingStatus.CANCELLED):
        raise ApplicationError(
            "not_undoable", "This cancellation cannot be undone. Book again instead.", status=409
        )
    _restore(
        actor=actor, event=event, booking=booking, entry=entry, delegates=[delegate], status=status
    )
    delegate.booking = booking
    return delegate
