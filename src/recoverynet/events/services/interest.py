"""Registering interest in an event that is not taking bookings yet."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_name, clean_text

from ..models import (
    BookingMode,
    Event,
    EventStatus,
    InterestRegistration,
)

# --- Interest and attendance ------------------------------------------------------------------------


@transaction.atomic
def interest_register(
    *,
    actor: Actor,
    event: Event,
    name: str,
    email: str,
    organisation_name: str = "",
    places_wanted: int = 1,
) -> InterestRegistration:
    if event.status != EventStatus.PUBLISHED or event.booking_mode != BookingMode.REGISTER_INTEREST:
        raise ApplicationError(
            "not_taking_interest", "This event is not taking registrations of interest.", status=409
        )
    if not 1 <= places_wanted <= event.max_delegates_per_booking:
        raise ApplicationError(
            "invalid",
            f"Ask for between 1 and {event.max_delegates_per_booking} places.",
            field="places_wanted",
            status=422,
        )
    name = clean_name(name, field="name", max_length=150)
    organisation_name = clean_text(
        organisation_name, field="organisation_name", max_length=200, single_line=True
    )
    email = email.strip().lower()
    registration, created = InterestRegistration.objects.get_or_create(
        event=event,
        email=email,
        defaults={
            "name": name,
            "organisation_name": organisation_name,
            "places_wanted": places_wanted,
            "user": actor if isinstance(actor, User) and actor.is_authenticated else None,
        },
    )
    if not created:
        raise ApplicationError(
            "duplicate",
            f"{email} has already registered interest in this event.",
            field="email",
            status=409,
        )
    audit.record(
        actor=actor,
        action="events.interest.registered",
        obj=registration,
        label=f"interest in {event.title}",
    )
    return registration
