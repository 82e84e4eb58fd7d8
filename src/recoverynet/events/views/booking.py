"""Booking places, a booking's page, its actions (cancel, offers) and "my bookings"."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.billing import selectors as billing_selectors
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.pagination import paginate
from recoverynet.core.private_pages import private_page
from recoverynet.core.text import clean_text
from recoverynet.feedback import selectors as feedback_selectors

from .. import access, booking_rows, page_scopes, selectors, services, undo_offers
from ..models import BookingStatus

# --- Booking ---------------------------------------------------------------------------------------------


@login_required
def booking_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    event = booking.event
    ran_out = services.offer_ran_out(booking)
    invoices = billing_selectors.invoices_openable(
        actor=request.user, invoices=booking.invoices.all()
    )
    return render(
        request,
        "events/booking_detail.html",
        {
            "offer_ran_out": ran_out,
            "offer_ran_out_message": services.offer_ran_out_message(booking) if ran_out else "",
            "booking": booking,
            "event": event,
            "title": f"Booking for {event.title}",
            "delegates": selectors.booking_delegates_for(actor=request.user, booking=booking),
            "invoices": invoices,
            "credit_notes": [n for i in invoices for n in i.credit_notes.all()],
            "can_cancel": access.can_cancel_booking(request.user, booking)
            and booking.status
            in (BookingStatus.CONFIRMED, BookingStatus.WAITING, BookingStatus.OFFERED),
            "is_booker": booking.booker_id == request.user.pk,
            "me": request.user.email.lower(),
            "is_organiser": access.is_organiser(request.user, event),
            "undo": undo_offers.booking_undo_offer(actor=request.user, booking=booking),
        },
        status=410 if ran_out else 200,  # the offer is gone; the page says so and what to do
    )


def _booking_action(
    request: HttpRequest, public_id: UUID, action: Any, success: str
) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    try:
        action(booking)
    except ApplicationError as exc:
        if exc.code != "offer_expired":  # the booking page itself says the offer ran out
            messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return redirect("events:booking-detail", public_id=booking.public_id)


def _confirm_first(
    request: HttpRequest,
    booking: Any,
    *,
    heading: str,
    what_happens: list[str],
    button: str,
    keep: dict[str, str] | None = None,
) -> HttpResponse | None:
    """Destructive and money actions confirm (issue #15): the first POST shows what will happen and
    asks again; the action runs only when the confirmation (`confirmed=yes`) comes back."""
    if request.POST.get("confirmed") == "yes":
        return None
    return render(
        request,
        "events/confirm_action.html",
        {
            "title": heading,
            "booking": booking,
            "what_happens": what_happens,
            "button": button,
            "keep": keep or {},
            "action": request.path,
        },
    )


@login_required
@require_POST
def booking_cancel(request: HttpRequest, public_id: UUID) -> HttpResponse:
    reason = request.POST.get("reason", "")
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    try:
        reason = clean_text(reason, field="reason", max_length=200)
    except ApplicationError as exc:
        messages.error(request, exc.message)
        return redirect("events:booking-detail", public_id=booking.public_id)
    places = sum(1 for d in booking.delegates.all() if d.cancelled_at is None)
    asked = _confirm_first(
        request,
        booking,
        heading=f"Cancel this booking for {booking.event.title}?",
        what_happens=[
            f"Every place in the booking is cancelled ({places} place{'s' if places != 1 else ''}).",
            "We offer the places to people on the waiting list, if there are any.",
            "We issue a credit note for any place already invoiced.",
            "You can undo this for 15 minutes, while the places are still free.",
        ],
        button="Yes, cancel this booking",
        keep={"reason": reason},
    )
    if asked is not None:
        return asked
    return _booking_action(
        request,
        public_id,
        lambda b: services.booking_cancel(
            actor=request.user,
            booking=b,
            reason=clean_text(reason, field="reason", max_length=200),
        ),
        "The booking has been cancelled.",
    )


@login_required
@require_POST
def offer_accept(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _booking_action(
        request,
        public_id,
        lambda b: services.offer_accept(actor=request.user, booking=b),
        "You have accepted the place. Your booking is confirmed.",
    )


@login_required
@require_POST
def offer_decline(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _booking_action(
        request,
        public_id,
        lambda b: services.offer_decline(actor=request.user, booking=b),
        "You have declined the place. We will offer it to the next person.",
    )


@login_required
@require_POST
def offer_manual(request: HttpRequest, public_id: UUID) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    try:
        services.offer_manual(actor=request.user, booking=booking)
    except ApplicationError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, f"A place has been offered to {booking.booker.email}.")
    return redirect("events:event-bookings", public_id=booking.event.public_id)


@login_required
@require_POST
def delegate_cancel(request: HttpRequest, public_id: UUID, delegate_id: int) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    delegate = booking.delegates.filter(pk=delegate_id).first()
    if delegate is None:
        raise NotFound()
    asked = _confirm_first(
        request,
        booking,
        heading=f"Cancel the place for {delegate.name}?",
        what_happens=[
            f"{delegate.name} will no longer have a place at {booking.event.title}.",
            "We offer the place to the next person on the waiting list, if there is one.",
            "We issue a credit note if the place was already invoiced.",
            "You can undo this for 15 minutes, while the place is still free.",
        ],
        button=f"Yes, cancel the place for {delegate.name}",
    )
    if asked is not None:
        return asked
    return _booking_action(
        request,
        public_id,
        lambda b: services.delegate_cancel(actor=request.user, delegate=delegate),
        f"The place for {delegate.name} has been cancelled.",
    )


@login_required
@require_POST
def booking_cancel_undo(request: HttpRequest, public_id: UUID) -> HttpResponse:
    return _booking_action(
        request,
        public_id,
        lambda b: services.booking_cancel_undo(actor=request.user, booking=b),
        "The cancellation is undone: the booking is back as it was.",
    )


@login_required
@require_POST
def delegate_cancel_undo(request: HttpRequest, public_id: UUID, delegate_id: int) -> HttpResponse:
    booking = selectors.booking_get(actor=request.user, public_id=public_id)
    delegate = booking.delegates.filter(pk=delegate_id).first()
    if delegate is None:
        raise NotFound()
    return _booking_action(
        request,
        public_id,
        lambda b: services.delegate_cancel_undo(actor=request.user, delegate=delegate),
        f"The cancellation is undone: {delegate.name} has the place again.",
    )


@login_required
@private_page(
    "events",
    "billing",
    "feedback",
    "colleges",
    "engagements",
    "network",
    scopes=page_scopes.my_bookings_scopes,  # kept through bookings that concern others
)
def my_bookings(request: AuthenticatedRequest) -> HttpResponse:
    # A lead of a busy organisation can have thousands of bookings and invoices: their own bookings
    # come a page at a time, the other lists show the most recent few with the total.
    organisations = selectors.lead_organisations(actor=request.user)
    # The lists show each booking's event, date, booker and status: not its places or invoices.
    page = paginate(
        request,
        booking_rows.booking_table_rows(
            selectors.bookings_for_person(actor=request.user, details=False)
        ),
        per_page=20,
    )
    return render(
        request,
        "events/my_bookings.html",
        {
            "page_obj": page,
            "bookings": page.object_list,
            "invoices": _recent(
                billing_selectors.invoice_table_rows(
                    billing_selectors.invoices_for_person(actor=request.user)
                )
            ),
            "organisations": [
                {
                    "organisation": org,
                    "bookings": _recent(
                        booking_rows.booking_table_rows(
                            selectors.bookings_for_organisation(
                                actor=request.user, organisation=org, details=False
                            )
                        )
                    ),
                    "invoices": _recent(
                        billing_selectors.invoice_table_rows(
                            billing_selectors.invoices_for_organisation(
                                actor=request.user, organisation=org
                            )
                        )
                    ),
                }
                for org in organisations
            ],
            "recent": RECENT,
            "title": "My bookings",
            # Open feedback forms on events this person attended (the feedback app's selector).
            "feedback_items": feedback_selectors.forms_to_answer(actor=request.user),
        },
    )


RECENT = 20


def _recent(items: QuerySet[Any]) -> dict[str, Any]:
    """The most recent RECENT of a list, and how many there are in all."""
    return {"items": list(items[:RECENT]), "total": items.count()}
