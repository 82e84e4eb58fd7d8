"""Booking places for one or more delegates (see `places` for the capacity rule)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Prefetch, prefetch_related_objects
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, idempotency
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.money import price_line
from recoverynet.core.text import clean_name, clean_text
from recoverynet.network.models import Membership, Organisation
from recoverynet.network.selectors import current_membership_q

from .. import access, page_scopes
from ..models import (
    Booking,
    BookingStatus,
    Delegate,
    Event,
    Rate,
    RateKind,
)
from . import announce, booking_mail, invoicing
from .booking_rules import booking_check_open
from .places import _lock, _places
from .waiting_list import _offer_next


@dataclass(frozen=True)
class DelegateInput:
    name: str
    email: str
    rate_id: int
    organisation_name: str = ""
    perspective: str = ""
    access_needs: str = ""
    dietary_needs: str = ""


@dataclass(frozen=True)
class BookingResult:
    booking: Booking
    created: bool  # False when an Idempotency-Key matched an earlier request


# --- Booking ----------------------------------------------------------------------------------------


def _member_rate_allowed(event: Event, organisation: Organisation | None) -> bool:
    if organisation is None:
        return False
    return Membership.objects.filter(
        current_membership_q(network=event.network),
        organisation=organisation,
        network_id=event.network_id,
        tier__member_rates=True,
    ).exists()


def _validate_delegates(
    event: Event, organisation: Organisation | None, delegates: list[DelegateInput]
) -> dict[int, Rate]:
    if not delegates:
        raise ApplicationError(
            "invalid", "Add at least one delegate.", field="delegates", status=422
        )
    if len(delegates) > event.max_delegates_per_booking:
        raise ApplicationError(
            "too_many",
            f"You can book at most {event.max_delegates_per_booking} delegates at once.",
            field="delegates",
            status=422,
        )
    # .all() uses the rates the selector already prefetched.
    rates = {r.pk: r for r in event.rates.all() if r.active}
    emails: set[str] = set()
    member_ok: bool | None = None
    for i, d in enumerate(delegates):
        clean_name(d.name, field=f"delegates.{i}.name", max_length=150)
        clean_text(
            d.organisation_name,
            field=f"delegates.{i}.organisation_name",
            max_length=200,
            single_line=True,
        )
        rate = rates.get(d.rate_id)
        if rate is None:
            raise ApplicationError(
                "invalid",
                "Choose one of this event's rates.",
                field=f"delegates.{i}.rate",
                status=422,
            )
        if rate.kind == RateKind.MEMBER:
            if member_ok is None:
                member_ok = _member_rate_allowed(event, organisation)
            if not member_ok:
                raise ApplicationError(
                    "not_a_member",
                    "The member rate is for organisations with a current membership of this network. "
                    "Choose your organisation, or another rate.",
                    field=f"delegates.{i}.rate",
                    status=422,
                )
        email = d.email.strip().lower()
        if email in emails:
            raise ApplicationError(
                "duplicate",
                "Each delegate needs their own e-mail address.",
                field=f"delegates.{i}.email",
                status=422,
            )
        emails.add(email)
    return rates


def booking_create(
    *,
    actor: Actor,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None = None,
    purchase_order: str = "",
    idempotency_key: str = "",
) -> BookingResult:
    """Book places for one or more delegates. Confirms them if enough places are free and nobody is
    waiting; otherwise the whole request joins the waiting list. The server decides every price."""
    if not getattr(actor, "is_authenticated", False):
        raise PermissionDenied("Sign in to book.")
    purchase_order = clean_text(
        purchase_order, field="purchase_order", max_length=60, single_line=True
    )
    idempotency_key = clean_text(
        idempotency_key, field="Idempotency-Key", max_length=100, single_line=True
    )
    request = _request_fingerprint(event, organisation, purchase_order, delegates)
    # No look-up of the Idempotency-Key first: a new request (nearly every one) would pay a query
    # for the rare retry (issue #17). A retry is recognised when it fails: by the key's unique
    # constraint if it gets as far as writing, or by any refusal before (the event has closed
    # since, say), which a retry of a request that succeeded must not get.
    try:
        booking = _checked_book(
            actor, event, delegates, organisation, purchase_order, (idempotency_key, request)
        )
    except (ApplicationError, IntegrityError):
        earlier = (
            Booking.objects.filter(booker=person(actor), idempotency_key=idempotency_key).first()
            if idempotency_key
            else None
        )
        if earlier is None:
            raise
        if earlier.event_id != event.pk:
            raise ApplicationError(
                "idempotency_conflict",
                "That Idempotency-Key was used for another event.",
                status=422,
            ) from None
        idempotency.check_same_request(earlier.idempotency_fingerprint, request)
        return BookingResult(booking=earlier, created=False)
    return BookingResult(booking=booking, created=True)


def _checked_book(
    actor: Actor,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None,
    purchase_order: str,
    key_and_request: tuple[str, str],
) -> Booking:
    if organisation is not None and not (
        access.can_book_for(actor, organisation.pk) or access.is_organiser(actor, event)
    ):
        raise PermissionDenied("You can only book for an organisation you belong to.")
    # Before the delegates and rates (an event booked elsewhere has none to choose from); checked
    # again on the locked row. On the caller's copy of the event (normally read by this request),
    # and only when that says no on the row as it is now, in case the copy is older than a change.
    try:
        booking_check_open(event)
    except ApplicationError:
        booking_check_open(Event.objects.get(pk=event.pk))
    key, request = key_and_request
    with transaction.atomic(), audit.batched():
        return _book(
            actor, event, delegates, organisation, purchase_order, (key, request if key else "")
        )


def _request_fingerprint(
    event: Event,
    organisation: Organisation | None,
    purchase_order: str,
    delegates: list[DelegateInput],
) -> str:
    """What makes two booking requests the same, as stored (so spacing or letter case in an e-mail
    address does not make a retry look different)."""
    return idempotency.fingerprint(
        {
            "event": event.pk,
            "organisation": organisation.pk if organisation else None,
            "purchase_order": purchase_order.strip(),
            "delegates": [
                {
                    "name": d.name.strip(),
                    "email": d.email.strip().lower(),
                    "rate": d.rate_id,
                    "organisation_name": d.organisation_name.strip(),
                    "perspective": d.perspective,
                    "access_needs": d.access_needs.strip(),
                    "dietary_needs": d.dietary_needs.strip(),
                }
                for d in delegates
            ],
        }
    )


def _book(
    actor: Actor,
    event: Event,
    delegates: list[DelegateInput],
    organisation: Organisation | None,
    purchase_order: str,
    key_and_fingerprint: tuple[str, str],
) -> Booking:
    # Everything that does not depend on places is done before taking the event's lock, which
    # every booking for this event waits on: the lock is held only for the count and the writes.
    lines = _checked_lines(event, delegates, organisation)
    read_before = _priced_from(event)
    event = _lock(event)
    booking_check_open(
        event
    )  # again on the locked row, so it cannot close between the check and the write
    if _priced_from(event) != read_before:
        # The copy read before the lock (events.kept_events) is older than a change that sent no
        # signal: check and price again from the locked row (rare, so its rates are read here).
        prefetch_related_objects([event], Prefetch("rates", Rate.objects.filter(active=True)))
        lines = _checked_lines(event, delegates, organisation)
    network = event.network
    places = _places(event)
    if places.stale_offers or (places.waiting and places.free):
        # Expire stale offers and pass free places to people already waiting, before this request.
        _offer_next(event)
        places = _places(event)
    confirm = places.free is None or (places.free >= len(lines) and not places.waiting)
    booking = Booking.objects.create(
        event=event,
        booker=person(actor),
        organisation=organisation,
        status=BookingStatus.CONFIRMED if confirm else BookingStatus.WAITING,
        purchase_order=purchase_order,
        currency=network.currency,
        idempotency_key=key_and_fingerprint[0],
        idempotency_fingerprint=key_and_fingerprint[1],
        confirmed_at=timezone.now() if confirm else None,
    )
    for line in lines:
        line.booking = booking
    Delegate.objects.bulk_create(lines)
    _remember_delegates(booking, lines)
    audit.record(
        actor=actor,
        action="events.booking.created" if confirm else "events.booking.waitlisted",
        obj=booking,
        changes={"event": event.title, "delegates": len(lines), "status": booking.status},
    )
    if confirm:
        invoice = invoicing.invoice_issue(booking, mail=False)
        remember_related(booking, "invoices", [invoice] if invoice else [])
        booking_mail.booking_confirmed(booking, invoice=invoice)
        announce.booking_confirmed(booking, places=len(lines))
        return booking
    remember_related(booking, "invoices", [])
    # Free places that the entries ahead are too large for may fit this request.
    if places.free and any(b.pk == booking.pk for b in _offer_next(event)):
        booking.refresh_from_db()
    else:
        booking_mail.booking_waiting(booking)
        # The public pages show how many are waiting; joining the list must make them stale too.
        announce.event_changed(event)
    return booking


def _priced_from(event: Event) -> tuple[Any, ...]:
    """What the checks and prices before the lock read of the event, besides its rates and its
    network's tax rates (which change only through saves, and so reach the kept copy at once)."""
    return (
        event.max_delegates_per_booking,
        event.learning_set_id,
        event.starts_at,
        event.network_id,
    )


def _checked_lines(
    event: Event, delegates: list[DelegateInput], organisation: Organisation | None
) -> list[Delegate]:
    """The delegates as priced, unsaved lines, after every rule that does not depend on places
    (the cohort of a learning set, rates, e-mail addresses). The review step (events.quotes) shows
    exactly these lines before the booking is made."""
    learning_set = event.learning_set
    if learning_set is not None and (
        organisation is None or not learning_set.cohort.filter(pk=organisation.pk).exists()
    ):
        raise ApplicationError(
            "not_in_cohort",
            "Only organisations in this learning set's cohort can book its days.",
            field="organisation",
            status=403,
        )
    rates = _validate_delegates(event, organisation, delegates)
    network = event.network
    tax_rate = network.tax_rate_on(timezone.localdate(event.starts_at, network.tz))
    lines = [
        _priced_delegate(d, rates[d.rate_id], tax_rate, network.currency, organisation)
        for d in delegates
    ]
    if any(line.gross for line in lines):
        # A paid place will need an invoice (now, or when a waiting-list offer is accepted).
        invoicing.require_invoice_details(network)
    return lines


def _priced_delegate(
    d: DelegateInput, rate: Rate, tax_rate: Any, currency: str, organisation: Organisation | None
) -> Delegate:
    price = price_line(rate.net_amount, tax_rate, currency)
    return Delegate(
        name=d.name.strip(),
        email=d.email.strip().lower(),
        organisation_name=d.organisation_name.strip()
        or (organisation.name if organisation else ""),
        perspective=d.perspective,
        access_needs=d.access_needs.strip(),
        dietary_needs=d.dietary_needs.strip(),
        rate=rate,
        rate_name=rate.name,
        net=price.net,
        tax_rate=price.rate,
        tax=price.tax,
        gross=price.gross,
    )


def _remember_delegates(booking: Booking, delegates: list[Delegate]) -> None:
    """Make booking.delegates.all() answer from the rows just inserted, as prefetch_related would,
    so e-mails and the invoice do not read them back while the event is locked (nor the scopes
    of its audit entry)."""
    remember_related(booking, "delegates", delegates)
    page_scopes.remember_places(booking, delegates)


def remember_related(instance: Any, name: str, rows: list[Any]) -> None:
    """Fill a reverse relation's prefetch cache with rows we already hold."""
    cached = getattr(instance, name).all()
    cached._result_cache = rows
    cached._prefetch_done = True
    cache = getattr(instance, "_prefetched_objects_cache", None)
    if cache is None:
        cache = instance._prefetched_objects_cache = {}
    cache[name] = cached
