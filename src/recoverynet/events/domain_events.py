"""What the events app announces. Payloads are thin: ids, counts and links - no delegate names,
e-mail addresses, access needs or perspectives."""

from recoverynet.core.domain_events import define

_BOOKING = {
    "booking_id": "The booking's public id (UUID).",
    "event_id": "The event's public id (UUID).",
    "organisation_id": "The booking organisation's id, or null for a personal booking.",
    "places": "How many places the booking holds.",
    "url": "The booking's page.",
}
BOOKING_CONFIRMED = define(
    "booking.confirmed", summary="A booking was confirmed (places are held).", payload=_BOOKING
)
BOOKING_CANCELLED = define(
    "booking.cancelled",
    summary="A booking was cancelled and its places released.",
    payload=_BOOKING,
)
WAITING_LIST_OFFERED = define(
    "waiting_list.offered",
    summary="A place was offered to a booking on the waiting list.",
    payload={**_BOOKING, "offer_expires_at": "When the offer lapses (ISO date-time)."},
)
EVENT_CHANGED = define(
    "event.changed",
    summary="An event was added, changed or cancelled, its prices changed, or its booking opened.",
    payload={
        "event_id": "The event's public id (UUID).",
        "status": "draft, published or cancelled.",
        "url": "The event's page.",
    },
)
