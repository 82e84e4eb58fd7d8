"""Creating and changing events, rates and learning sets; the scheduled jobs for events."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit, dates
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_name
from recoverynet.network.models import Network, Organisation

from .. import access
from ..models import (
    BookingMode,
    BookingStatus,
    Event,
    EventStatus,
    InterestRegistration,
    LearningSet,
    Rate,
    RateKind,
)
from ..selectors import event_people_emails, held_places
from . import announce, notify
from .places import _lock
from .waiting_list import _expire_offers, _offer_next

EVENT_FIELDS = (
    "kind",
    "title",
    "summary",
    "description",
    "starts_at",
    "ends_at",
    "venue_name",
    "venue_address",
    "online",
    "joining_link",
    "capacity",
    "booking_mode",
    "external_url",
    "booking_opens_at",
    "booking_closes_at",
    "cancellation_cutoff_hours",
    "max_delegates_per_booking",
    "offer_hours",
    "reminder_days",
    "needs_retention_days",
    "host",
    "learning_set",
    "day_topic",
    "status",
)
# Changes people who hold a place must hear about.
NOTIFY_FIELDS = {
    "starts_at": "date and time",
    "ends_at": "finish time",
    "venue_name": "venue",
    "venue_address": "address",
    "online": "online or in person",
    "joining_link": "joining link",
}


def _require_manager(actor: Actor, network_id: int) -> None:
    if not access.can_manage_events(actor, network_id):
        raise PermissionDenied("Only a coordinator of this network can do that.")


def _check_start(starts: datetime.datetime | None, network: Network) -> None:
    """An event's day, in the network's time zone, must be a plausible one (not years ago)."""
    if starts is not None:
        day = timezone.localdate(starts, network.tz)
        dates.check_planned(day, field="starts_at", label="The start date", tz=network.tz)


def _validate(values: dict[str, Any], network: Network) -> None:
    starts, ends = values.get("starts_at"), values.get("ends_at")
    if starts and ends and ends <= starts:
        raise ApplicationError(
            "invalid", "The end must be after the start.", field="ends_at", status=422
        )
    opens, closes = values.get("booking_opens_at"), values.get("booking_closes_at")
    for field, moment, label in (
        ("booking_opens_at", opens, "The day booking opens"),
        ("booking_closes_at", closes, "The day booking closes"),
    ):
        if moment is not None:  # not in year 206, nor decades ahead
            day = timezone.localdate(moment, network.tz)
            latest = dates.latest_plausible(network.tz)
            dates.check_date(day, field=field, label=label, latest=latest, tz=network.tz)
    if opens and closes and closes <= opens:
        raise ApplicationError(
            "invalid", "Booking must close after it opens.", field="booking_closes_at", status=422
        )
    if values.get("booking_mode") == BookingMode.EXTERNAL and not values.get("external_url"):
        raise ApplicationError(
            "invalid",
            "Give the link where people book for an event booked elsewhere.",
            field="external_url",
            status=422,
        )
    capacity = values.get("capacity")
    if capacity is not None and capacity < 0:
        raise ApplicationError(
            "invalid", "Capacity cannot be negative.", field="capacity", status=422
        )
    learning_set = values.get("learning_set")
    if learning_set is not None and learning_set.network_id != network.pk:
        raise ApplicationError(
            "invalid", "Choose a learning set of this network.", field="learning_set", status=422
        )
    if (
        not values.get("venue_name")
        and not values.get("online")
        and values.get("booking_mode") != BookingMode.EXTERNAL
    ):
        raise ApplicationError(
            "invalid",
            "Give a venue, or say that the event is online.",
            field="venue_name",
            status=422,
        )


@transaction.atomic
def event_create(*, actor: Actor, network: Network, **values: Any) -> Event:
    _require_manager(actor, network.pk)
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not event fields: {sorted(unknown)}")
    if "title" in values:
        values["title"] = clean_name(values["title"], field="title", max_length=200)
    values.setdefault("booking_mode", BookingMode.OPEN)
    _validate(values, network)
    _check_start(values.get("starts_at"), network)
    event = Event.objects.create(network=network, **values)
    audit.record(
        actor=actor,
        action="events.event.created",
        obj=event,
        changes={
            "title": event.title,
            "starts_at": event.starts_at.isoformat(),
            "capacity": event.capacity,
        },
    )
    announce.event_changed(event)
    return event


@transaction.atomic
def event_update(*, actor: Actor, event: Event, **values: Any) -> Event:
    _require_manager(actor, event.network_id)
    unknown = set(values) - set(EVENT_FIELDS)
    if unknown:
        raise ValueError(f"Not event fields: {sorted(unknown)}")
    if "title" in values:
        values["title"] = clean_name(values["title"], field="title", max_length=200)
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError("cancelled", "A cancelled event cannot be changed.", status=409)
    if values.get("status") == EventStatus.CANCELLED:
        raise ApplicationError(
            "invalid",
            "Use cancel to cancel an event, so everyone is told.",
            field="status",
            status=422,
        )
    merged = {f: getattr(event, f) for f in EVENT_FIELDS} | values
    _validate(merged, event.network)
    if "starts_at" in values and values["starts_at"] != event.starts_at:
        _check_start(values["starts_at"], event.network)
    new_capacity = values.get("capacity", event.capacity)
    if new_capacity is not None and "capacity" in values:
        held = held_places(event)
        if new_capacity < held:
            raise ApplicationError(
                "capacity_below_bookings",
                f"{held} places are already confirmed or offered, so the capacity cannot go below {held}.",
                field="capacity",
                status=409,
            )
    opening = (
        merged["status"] == EventStatus.PUBLISHED and merged["booking_mode"] == BookingMode.OPEN
    )
    changes_opening = "status" in values or "booking_mode" in values
    if opening and changes_opening and not event.rates.filter(active=True).exists():
        raise ApplicationError(
            "no_rates",
            "Add at least one rate before publishing, so people can book.",
            field="status",
            status=409,
        )
    before = audit.snapshot(event, values)
    for key, value in values.items():
        setattr(event, key, value)
    event.save()
    changes = audit.diff(event, before, values)
    if changes:
        audit.record(actor=actor, action="events.event.updated", obj=event, changes=changes)
    told = [label for field, label in NOTIFY_FIELDS.items() if field in changes]
    if told and event.status == EventStatus.PUBLISHED:
        notify.event_changed(event, event_people_emails(event), told)
    if "capacity" in changes or "status" in changes:
        _offer_next(event)
    if changes:
        announce.event_changed(event)
    return event


@transaction.atomic
def event_cancel(*, actor: Actor, event: Event, reason: str) -> Event:
    """Cancel the whole event: every booking is cancelled (with credit notes) and everyone told."""
    from .cancelling import booking_cancel

    _require_manager(actor, event.network_id)
    reason = reason.strip()
    if not reason:
        raise ApplicationError(
            "invalid",
            "Say why the event is cancelled; we tell everyone booked.",
            field="reason",
            status=422,
        )
    event = _lock(event)
    if event.status == EventStatus.CANCELLED:
        raise ApplicationError("already_cancelled", "This event is already cancelled.", status=409)
    if event.status == EventStatus.DRAFT:
        raise ApplicationError(
            "draft",
            "A draft was never published, so there is nothing to cancel. Leave it as a draft.",
            status=409,
        )
    _expire_offers(event)  # so every booking read below is still active
    people = event_people_emails(event)
    event.status = EventStatus.CANCELLED
    event.save(update_fields=["status", "updated_at"])
    for booking in event.bookings.filter(
        status__in=[BookingStatus.CONFIRMED, BookingStatus.OFFERED, BookingStatus.WAITING]
    ).select_related("event"):
        booking_cancel(
            actor=actor, booking=booking, reason=f"Event cancelled: {reason}", tell_booker=False
        )
    audit.record(
        actor=actor, action="events.event.cancelled", obj=event, changes={"reason": reason}
    )
    notify.event_cancelled(event, people, reason)
    announce.event_changed(event)
    return event


@transaction.atomic
def event_open_booking(*, actor: Actor, event: Event) -> int:
    """Open booking for an event that was taking registrations of interest, and invite everyone who
    registered (in the order they registered; places go to whoever books first)."""
    _require_manager(actor, event.network_id)
    event = _lock(event)
    if event.booking_mode != BookingMode.REGISTER_INTEREST:
        raise ApplicationError(
            "not_interest", "This event is not taking registrations of interest.", status=409
        )
    if not event.rates.filter(active=True).exists():
        raise ApplicationError(
            "no_rates",
            "Add at least one rate before opening booking, so people can book.",
            status=409,
        )
    event.booking_mode = BookingMode.OPEN
    event.save(update_fields=["booking_mode", "updated_at"])
    now = timezone.now()
    invited = 0
    for registration in InterestRegistration.objects.filter(
        event=event, invited_at__isnull=True
    ).order_by("created_at", "id"):
        notify.booking_opens(event, registration.email, registration.name)
        registration.invited_at = now
        registration.save(update_fields=["invited_at", "updated_at"])
        invited += 1
    audit.record(
        actor=actor, action="events.event.booking_opened", obj=event, changes={"invited": invited}
    )
    announce.event_changed(event)
    return invited


@transaction.atomic
def rate_create(
    *, actor: Actor, event: Event, kind: str, name: str, net_amount: Decimal, order: int = 0
) -> Rate:
    _require_manager(actor, event.network_id)
    if kind not in RateKind.values:
        raise ApplicationError("invalid", "Choose a kind of rate.", field="kind", status=422)
    if net_amount < 0:
        raise ApplicationError(
            "invalid", "A price cannot be negative.", field="net_amount", status=422
        )
    if kind == RateKind.FREE and net_amount != 0:
        raise ApplicationError(
            "invalid", "A free place costs nothing.", field="net_amount", status=422
        )
    if net_amount.as_tuple().exponent < -2:  # type: ignore[operator]
        raise ApplicationError(
            "invalid", "Use at most two decimal places.", field="net_amount", status=422
        )
    rate = Rate.objects.create(
        event=event,
        kind=kind,
        name=clean_name(name, field="name", max_length=100),
        net_amount=net_amount,
        order=order,
    )
    audit.record(
        actor=actor,
        action="events.rate.created",
        obj=rate,
        changes={"name": rate.name, "net": str(net_amount)},
    )
    announce.event_changed(event)
    return rate


@transaction.atomic
def rate_update(*, actor: Actor, rate: Rate, active: bool) -> Rate:
    """Rates are never edited once people may have booked at them; retire one and add another."""
    _require_manager(actor, rate.event.network_id)
    rate.active = active
    rate.save(update_fields=["active", "updated_at"])
    audit.record(actor=actor, action="events.rate.updated", obj=rate, changes={"active": active})
    announce.event_changed(rate.event)
    return rate


@transaction.atomic
def learning_set_create(
    *,
    actor: Actor,
    network: Network,
    title: str,
    description: str = "",
    cohort: list[Organisation] | None = None,
) -> LearningSet:
    _require_manager(actor, network.pk)
    title = clean_name(title, field="title", max_length=200)
    base = slugify(title)[:70] or "learning-set"
    slug, n = base, 2
    while LearningSet.objects.filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    learning_set = LearningSet.objects.create(
        network=network, title=title, slug=slug, description=description
    )
    if cohort:
        learning_set.cohort.set(cohort)
    audit.record(
        actor=actor,
        action="events.learning_set.created",
        obj=learning_set,
        changes={"title": learning_set.title, "cohort": [o.name for o in cohort or []]},
    )
    return learning_set
