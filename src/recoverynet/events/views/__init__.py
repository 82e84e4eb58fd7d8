"""Event pages, booking, the waiting list, invoices and organisers' pages. Thin: validate, call one
service or selector, render. Split by area; `urls` imports the views from here."""

from .attendance import EXPORT_COLUMNS, attendee_certificate_list, event_check_in, event_delegates
from .book import book
from .booking import (
    booking_cancel,
    booking_cancel_undo,
    booking_detail,
    delegate_cancel,
    delegate_cancel_undo,
    my_bookings,
    offer_accept,
    offer_decline,
    offer_manual,
)
from .documents import certificate_pdf
from .manage import (
    event_add,
    event_bookings,
    event_cancel,
    event_edit,
    event_manage,
    event_open_booking,
    event_publish,
    manage_events,
    rate_add,
    review_agenda,
)
from .pictures import event_picture, event_picture_edit, event_picture_remove
from .public import (
    event_archive,
    event_detail,
    event_ics_view,
    event_list,
    interest_register,
    learning_set_detail,
    network_feed,
)

__all__ = [
    "EXPORT_COLUMNS",
    "attendee_certificate_list",
    "book",
    "booking_cancel",
    "booking_cancel_undo",
    "booking_detail",
    "certificate_pdf",
    "delegate_cancel",
    "delegate_cancel_undo",
    "event_add",
    "event_archive",
    "event_bookings",
    "event_cancel",
    "event_check_in",
    "event_delegates",
    "event_detail",
    "event_edit",
    "event_ics_view",
    "event_list",
    "event_manage",
    "event_open_booking",
    "event_picture",
    "event_picture_edit",
    "event_picture_remove",
    "event_publish",
    "interest_register",
    "learning_set_detail",
    "manage_events",
    "my_bookings",
    "network_feed",
    "offer_accept",
    "offer_decline",
    "offer_manual",
    "rate_add",
    "review_agenda",
]
