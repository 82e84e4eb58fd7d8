"""What events adds to the shared pages (`core.slots`): the menu item, the network page's
paragraph, the "Manage networks" section and the profile's bookings."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from recoverynet.core import slots
from recoverynet.core.dates import local_date

from . import access, selectors
from .models import BookingStatus


def _time_left(expires: object) -> str:
    if expires is None:
        return ""
    seconds = max(0, int((expires - timezone.now()).total_seconds()))  # type: ignore[operator]
    hours, rest = divmod(seconds, 3600)
    if hours >= 1:
        return f"{hours} hour{'s' if hours != 1 else ''} left to accept"
    return f"{max(1, rest // 60)} minutes left to accept"


def _your_places(ctx: slots.SlotContext) -> list[slots.Thing]:
    things = []
    for booking in selectors.bookings_waiting_for_person(actor=ctx.user):
        day = local_date(booking.event.starts_at, booking.event.network.time_zone)
        when = f"{day.day} {day:%B %Y}"
        if booking.status == BookingStatus.OFFERED:
            label = f"A place is offered to you: {booking.event.title}"
            detail = f"{when}. {_time_left(booking.offer_expires_at)}"
        else:
            label = booking.event.title
            detail = f"{when}. Place held for you"
        things.append(
            slots.Thing(label, reverse("events:booking-detail", args=[booking.public_id]), detail)
        )
    return things


def register() -> None:
    slots.contribute(
        "navigation", key="events.list", order=30, label="Events", url="events:event-list"
    )
    slots.contribute(
        "network_page", key="events.upcoming", order=10, template="events/slots/network_page.html"
    )
    slots.contribute(
        "manage_index",
        key="events.manage",
        order=10,
        heading="Events",
        label="Manage events, bookings and invoices",
        url="events:manage-events",
        visible=lambda ctx: access.may_manage_any_events(ctx.user),
    )
    slots.contribute_things(
        key="events.places", heading="Your places at events", order=10, things=_your_places
    )
    slots.contribute(
        "profile",
        key="events.bookings",
        order=10,
        heading="Your bookings",
        label="See your event bookings and invoices",
        url="events:my-bookings",
        visible=lambda ctx: ctx.signed_in,
    )
