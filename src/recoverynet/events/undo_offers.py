"""Reads (selectors) for undoing a cancellation (issue #15, decision 0044): which cancellation on
a booking may still be undone, by whom, and until when. Kept beside `selectors` (which is near its
size limit), with the same rule: access checked here."""

from __future__ import annotations

from typing import Any

from recoverynet.accounts.actors import Actor
from recoverynet.core.models import AuditEntry
from recoverynet.core.undo import undo_until, undoable_change

from . import access
from .models import Booking

# The audited actions that can be undone for a while (services.undo_cancel, decision 0044).
CANCELLED_ACTION = "events.booking.cancelled"
PLACE_CANCELLED_ACTION = "events.delegate.cancelled"


def may_undo(actor: Actor, entry: AuditEntry, booking: Booking) -> bool:
    """Who may undo a cancellation: the person who made it, or an organiser of the event. A booker
    or delegate cannot bring back a place an organiser removed (nor be invoiced again for it)."""
    if getattr(actor, "pk", None) is not None and entry.actor_id == actor.pk:
        return True
    return access.is_organiser(actor, booking.event)


def booking_undo_offer(*, actor: Actor, booking: Booking) -> dict[str, Any] | None:
    """The cancellation on `booking` that `actor` may still undo (decision 0044): `kind`
    ("booking" or "delegate"), the `delegate` for a place, and `until` when the undo ends."""
    for kind, action in (("booking", CANCELLED_ACTION), ("delegate", PLACE_CANCELLED_ACTION)):
        entry = undoable_change(booking, action)
        if entry is None:
            continue
        delegate = None
        if kind == "delegate":
            delegate = booking.delegates.filter(pk=entry.changes.get("delegate_id")).first()
            if delegate is None:
                return None
        mine = (
            delegate is not None and getattr(actor, "email", "").lower() == delegate.email.lower()
        )
        if not (mine or access.can_cancel_booking(actor, booking)) or not may_undo(
            actor, entry, booking
        ):
            return None
        return {"kind": kind, "delegate": delegate, "until": undo_until(entry)}
    return None
