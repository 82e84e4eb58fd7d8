"""Every write to events and bookings. Split by topic; import from here."""

from .attendance import delegate_check_in
from .booking_rules import booking_check_open, offer_ran_out, offer_ran_out_message
from .bookings import BookingResult, DelegateInput, booking_create
from .cancelling import booking_cancel, delegate_cancel
from .events import (
    event_cancel,
    event_create,
    event_open_booking,
    event_update,
    learning_set_create,
    rate_create,
    rate_update,
)
from .interest import interest_register
from .invoicing import invoice_mark_paid
from .pictures import event_picture_remove, event_picture_set
from .scheduled import reminders_send
from .undo_cancel import booking_cancel_undo, delegate_cancel_undo
from .waiting_list import offer_accept, offer_decline, offer_manual, offers_expire

__all__ = [
    "BookingResult",
    "DelegateInput",
    "booking_cancel",
    "booking_cancel_undo",
    "booking_check_open",
    "booking_create",
    "delegate_cancel",
    "delegate_cancel_undo",
    "delegate_check_in",
    "event_cancel",
    "event_create",
    "event_open_booking",
    "event_picture_remove",
    "event_picture_set",
    "event_update",
    "interest_register",
    "invoice_mark_paid",
    "learning_set_create",
    "offer_accept",
    "offer_decline",
    "offer_manual",
    "offer_ran_out",
    "offer_ran_out_message",
    "offers_expire",
    "rate_create",
    "rate_update",
    "reminders_send",
]
