"""Booking places, the review of a booking before it is made (the quote), your bookings,
cancelling and undoing a cancellation, and waiting-list offers."""

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Header, Router, Status
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import Mapped, PageNumber, errors
from recoverynet.core.errors import NotFound

from .. import booking_rows, page_scopes, quotes, selectors, services
from .schemas import (
    BookingIn,
    BookingOut,
    CancelIn,
    QuoteOut,
    delegates_from,
    organisation_from,
    quote_out,
)

router = Router()

# --- Bookings ------------------------------------------------------------------------------------------


@router.post(
    "/events/{event_id}/bookings",
    response={200: BookingOut, 201: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Book one or more delegates (201 new; 200 when the Idempotency-Key matched an earlier request)",
    operation_id="recoverynet_events_api_booking_create",
)
def booking_create(
    request: HttpRequest,
    event_id: UUID,
    payload: BookingIn,
    idempotency_key: str = Header("", alias="Idempotency-Key", max_length=100),
) -> Any:
    event = selectors.event_to_book(actor=request.user, public_id=event_id)
    result = services.booking_create(
        actor=request.user,
        event=event,
        organisation=organisation_from(payload),
        purchase_order=payload.purchase_order,
        idempotency_key=idempotency_key,
        delegates=delegates_from(payload),
    )
    if result.created:
        # The service hands back the booking with its delegates and invoice already in hand.
        return Status(201, booking_rows.booking_out(result.booking, request.user))
    booking = selectors.booking_get(actor=request.user, public_id=result.booking.public_id)
    return Status(200, booking_rows.booking_out(booking, request.user))


@router.post(
    "/events/{event_id}/bookings/quote",
    response={200: QuoteOut, **errors(409)},
    auth=api_auth,
    summary="What a booking would cost, before it is made (nothing is booked)",
    description=(
        "The booking review ('Check your booking'): each delegate's rate, net, tax and gross, the "
        "totals, who is invoiced and whether the booking would be confirmed or join the waiting "
        "list now. Computed by the same code as the page and the booking, with the same checks and "
        "errors; places are counted again when the booking is made."
    ),
    operation_id="recoverynet_events_api_booking_quote",
)
def booking_quote(request: HttpRequest, event_id: UUID, payload: BookingIn) -> Any:
    event = selectors.event_get(actor=request.user, public_id=event_id)
    quote = quotes.booking_quote(
        actor=request.user,
        event=event,
        delegates=delegates_from(payload),
        organisation=organisation_from(payload),
    )
    return quote_out(quote, purchase_order=payload.purchase_order)


@router.get(
    "/bookings",
    response=list[BookingOut],
    auth=api_auth,
    summary="Your bookings",
    operation_id="recoverynet_events_api_booking_list",
)
@private_read("events", "billing", "network", scopes=page_scopes.api_bookings_scopes)
@paginate(PageNumber)
def booking_list(request: HttpRequest) -> Any:
    bookings = booking_rows.booking_api_rows(
        selectors.bookings_for_person(actor=request.user, details=False)
    )
    return Mapped(bookings, page=lambda page: booking_rows.page_out(page, request.user))


@router.get(
    "/bookings/{booking_id}",
    response=BookingOut,
    auth=api_auth,
    summary="One booking",
    operation_id="recoverynet_events_api_booking_detail",
)
def booking_detail(request: HttpRequest, booking_id: UUID) -> Any:
    return booking_rows.booking_out(
        selectors.booking_get(actor=request.user, public_id=booking_id), request.user
    )


def _act(request: HttpRequest, booking_id: UUID, action: Any) -> Any:
    booking = selectors.booking_get(actor=request.user, public_id=booking_id)
    action(booking)
    return booking_rows.booking_out(
        selectors.booking_get(actor=request.user, public_id=booking_id), request.user
    )


@router.post(
    "/bookings/{booking_id}/cancel",
    response={200: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Cancel a booking",
    operation_id="recoverynet_events_api_booking_cancel",
)
def booking_cancel(request: HttpRequest, booking_id: UUID, payload: CancelIn) -> Any:
    return _act(
        request,
        booking_id,
        lambda b: services.booking_cancel(actor=request.user, booking=b, reason=payload.reason),
    )


@router.post(
    "/bookings/{booking_id}/cancel/undo",
    response={200: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Undo cancelling a booking (for 15 minutes, while the places are still free)",
    operation_id="recoverynet_events_api_booking_cancel_undo",
)
def booking_cancel_undo(request: HttpRequest, booking_id: UUID) -> Any:
    return _act(
        request,
        booking_id,
        lambda b: services.booking_cancel_undo(actor=request.user, booking=b),
    )


@router.post(
    "/bookings/{booking_id}/delegates/{delegate_id}/cancel/undo",
    response={200: BookingOut, **errors(409)},
    auth=api_auth,
    summary="Undo cancelling one place (for 15 minutes, while the place is still free)",
    operation_id="recoverynet_events_api_delegate_cancel_undo",
)
def delegate_cancel_undo(request: HttpRequest, booking_id: UUID, delegate_id: int) -> Any:
    def undo(booking: Any) -> None:
        delegate = booking.delegates.filter(pk=delegate_id).first()
        if delegate is None:
            raise NotFound("No place with that id in this booking.")
        services.delegate_cancel_undo(actor=request.user, delegate=delegate)

    return _act(request, booking_id, undo)


@router.post(
    "/bookings/{booking_id}/accept",
    response={200: BookingOut, **errors(409, 410)},
    auth=api_auth,
    summary="Accept a waiting-list offer",
    operation_id="recoverynet_events_api_offer_accept",
)
def offer_accept(request: HttpRequest, booking_id: UUID) -> Any:
    return _act(request, booking_id, lambda b: services.offer_accept(actor=request.user, booking=b))


@router.post(
    "/bookings/{booking_id}/decline",
    response={200: BookingOut, **errors(409, 410)},
    auth=api_auth,
    summary="Decline a waiting-list offer",
    operation_id="recoverynet_events_api_offer_decline",
)
def offer_decline(request: HttpRequest, booking_id: UUID) -> Any:
    return _act(
        request, booking_id, lambda b: services.offer_decline(actor=request.user, booking=b)
    )
