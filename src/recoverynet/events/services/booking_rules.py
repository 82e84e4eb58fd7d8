"""Whether an event takes bookings here, and what an offer that ran out says. Shared by the booking
service, the booking page and the API, so each answers the same way (409 with where to go instead;
410 with when the offer ran out)."""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import dateformat, timezone

from recoverynet.core.errors import ApplicationError

from ..models import Booking, BookingMode, BookingStatus, Event, EventStatus


def booking_check_open(event: Event) -> None:
    """Raise the reason this event cannot be booked here now (409), or return. An event booked
    elsewhere, or only taking registrations of interest, answers `booking_not_open_here` with
    `booking_mode` and `url`: the organisers' booking page, or our register-interest page."""
    now = timezone.now()
    if event.status != EventStatus.PUBLISHED:
        raise ApplicationError("not_bookable", "This event is not open for booking.", status=409)
    if event.booking_mode == BookingMode.EXTERNAL:
        raise ApplicationError(
            "booking_not_open_here",
            f"The organisers take bookings for this event on their own website: "
            f"{event.external_url}",
            status=409,
            extra={"booking_mode": BookingMode.EXTERNAL.value, "url": event.external_url},
        )
    if event.booking_mode == BookingMode.REGISTER_INTEREST:
        url = settings.SITE_URL + reverse("events:interest", args=[event.public_id])
        raise ApplicationError(
            "booking_not_open_here",
            "Booking has not opened yet. You can register your interest instead, and we will "
            "e-mail you when it opens.",
            status=409,
            extra={"booking_mode": BookingMode.REGISTER_INTEREST.value, "url": url},
        )
    if event.booking_mode == BookingMode.CLOSED:
        raise ApplicationError("closed", "Booking for this event is closed.", status=409)
    if event.booking_opens_at and now < event.booking_opens_at:
        raise ApplicationError(
            "not_open_yet", "Booking for this event has not opened yet.", status=409
        )
    if (event.booking_closes_at and now >= event.booking_closes_at) or now >= event.starts_at:
        raise ApplicationError("closed", "Booking for this event has closed.", status=409)


def offer_ran_out(booking: Booking) -> bool:
    """The place was offered and the time to accept it has passed (whether or not the scheduler
    has marked it expired yet)."""
    if booking.status == BookingStatus.EXPIRED:
        return True
    return (
        booking.status == BookingStatus.OFFERED
        and booking.offer_expires_at is not None
        and booking.offer_expires_at <= timezone.now()
    )


def offer_ran_out_message(booking: Booking) -> str:
    network = booking.event.network
    when = ""
    if booking.offer_expires_at is not None:
        local = timezone.localtime(booking.offer_expires_at, network.tz)
        day, time = dateformat.format(local, "l j F Y"), dateformat.format(local, "H:i")
        when = f" on {day} at {time} ({network.time_zone})"
    return (
        f"Your offer ran out{when}, so the place has been offered to the next person on the "
        "waiting list. You have not been charged. If you would still like to come, you can book "
        "again from the event page."
    )


def offer_expired_error(booking: Booking) -> ApplicationError:
    return ApplicationError("offer_expired", offer_ran_out_message(booking), status=410)
