"""generate_scale for events: 20,000 events (two years back, one ahead) with their rates, and
500,000 bookings with delegates and, for each confirmed paid booking, its invoice (see core/scale.py).

Two shapes the page benchmark needs are made on purpose: the first event has 500 delegates (an
organiser's delegate list) and one recovery lead has made 2,000 bookings ("My bookings").
Ids left: "events.events" (with "events.event_network"), "events.busy_event", "events.busy_booker".
"""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from decimal import Decimal

from django.contrib.contenttypes.models import ContentType

from recoverynet.billing.models import (
    DocumentKind,
    DocumentLine,
    DocumentSequence,
    Invoice,
    InvoiceStatus,
    PaymentMethod,
)
from recoverynet.billing.services import document_number
from recoverynet.core.money import price_line
from recoverynet.core.scale import BATCH, Progress, ScaleContext, bulk, insert, register
from recoverynet.network.models import Network
from recoverynet.network.scale import FAMILY, GIVEN, PERSPECTIVES, SCALE_DOMAIN

from .models import Booking, BookingStatus, Delegate, Event, EventKind, EventStatus, Rate, RateKind

TOPICS = (
    "co-production",
    "peer support",
    "recovery colleges",
    "leadership",
    "families and carers",
    "trauma-informed care",
    "restrictive practice",
    "personal budgets",
    "workforce",
)
BUSY_EVENT_DELEGATES = 500
BUSY_BOOKER_BOOKINGS = 2_000


def generate(ctx: ScaleContext) -> None:
    networks = {n.pk: n for n in Network.objects.prefetch_related("tax_rates")}
    event_count = ctx.n(20_000, minimum=2)
    hosts = list(
        zip(ctx.ids["network.organisations"], ctx.ids["network.organisation_network"], strict=True)
    )
    event_hosts = [ctx.rng.choice(hosts) for _ in range(event_count)]
    bulk(ctx, "events", Event, _events(ctx, event_hosts), event_count, keep_ids="events.events")
    events = ctx.ids["events.events"]
    ctx.ids["events.event_network"] = [network for _, network in event_hosts]
    ctx.ids["events.busy_event"] = [events[0]]
    rates = _rates(ctx, events)
    _bookings(ctx, networks, rates)


def _events(ctx: ScaleContext, hosts: list[tuple[int, int]]) -> Iterator[Event]:
    kinds = [k.value for k in EventKind if k != EventKind.LEARNING_SET_DAY]
    for i, (host, network) in enumerate(hosts):
        starts = ctx.moment(days_before=730, days_after=365)
        online = ctx.rng.random() < 0.3
        topic = ctx.rng.choice(TOPICS)
        yield Event(
            public_id=ctx.uuid(),
            network_id=network,
            host_id=host,
            kind=ctx.rng.choice(kinds),
            title=f"{topic.capitalize()} in practice ({i})",
            summary=f"A day on {topic}, with people who use services, families and staff.",
            description=f"## What the day covers\n\nHow services put {topic} into practice.",
            starts_at=starts,
            ends_at=starts + datetime.timedelta(hours=6),
            venue_name="" if online else f"Conference centre {i % 97}",
            venue_address="" if online else f"{i % 200} High Street",
            online=online,
            capacity=BUSY_EVENT_DELEGATES + 100
            if i == 0
            else ctx.rng.choice((40, 60, 80, 120, None)),
            status=EventStatus.PUBLISHED if ctx.rng.random() < 0.95 else EventStatus.DRAFT,
        )


def _rates(ctx: ScaleContext, events: list[int]) -> dict[int, list[tuple[int, str, Decimal]]]:
    """A member rate, a non-member rate and a concession for every event."""
    plans = [
        (RateKind.MEMBER, "Member rate", Decimal("95.00")),
        (RateKind.NON_MEMBER, "Non-member rate", Decimal("145.00")),
        (RateKind.CONCESSION, "Lived experience and carers", Decimal("0.00")),
    ]
    rows = [
        Rate(event_id=e, kind=kind, name=name, net_amount=net, order=o)
        for e in events
        for o, (kind, name, net) in enumerate(plans)
    ]
    bulk(ctx, "rates", Rate, iter(rows), len(rows), keep_ids="events.rates")
    by_event: dict[int, list[tuple[int, str, Decimal]]] = {}
    for rate_id, row in zip(ctx.ids["events.rates"], rows, strict=True):
        by_event.setdefault(row.event_id, []).append((rate_id, row.name, row.net_amount))
    return by_event


def _bookings(
    ctx: ScaleContext,
    networks: dict[int, Network],
    rates: dict[int, list[tuple[int, str, Decimal]]],
) -> None:
    """Bookings in chunks: each chunk's bookings, then their delegates, invoices and lines, so
    memory stays flat at any size."""
    events, event_network = ctx.ids["events.events"], ctx.ids["events.event_network"]
    users, user_orgs = ctx.ids["network.users"], ctx.ids["network.user_organisation"]
    # The busy booker: a recovery lead who is not on a network team.
    team = set(ctx.ids["network.team"])
    busy_index = users.index(next(u for u in ctx.ids["network.leads"] if u not in team))
    ctx.ids["events.busy_booker"] = [users[busy_index]]
    total = ctx.n(500_000, minimum=10)
    busy_first = min(BUSY_EVENT_DELEGATES, total // 2)
    busy_booker_every = max(1, total // BUSY_BOOKER_BOOKINGS)
    booking_type = ContentType.objects.get_for_model(Booking)
    tax_rates = {n.currency: n.tax_rates.all()[0].rate for n in networks.values()}
    sequences = {pk: 0 for pk in networks}
    progress = Progress(ctx, "bookings and invoices", total)
    counts = {"delegates": 0, "invoices": 0, "invoice lines": 0}
    made = 0
    while made < total:
        size = min(BATCH, total - made)
        picks = []
        for i in range(made, made + size):
            event_index = 0 if i < busy_first else ctx.rng.randrange(len(events))
            user_index = busy_index if i % busy_booker_every == 0 else ctx.rng.randrange(len(users))
            picks.append((event_index, user_index))
        bookings = insert(
            ctx,
            Booking,
            [
                _booking(ctx, events[e], users[u], user_orgs[u], networks[event_network[e]])
                for e, u in picks
            ],
        )
        booking_networks = [event_network[e] for e, _u in picks]
        delegates = insert(
            ctx,
            Delegate,
            [
                d
                for b in bookings
                for d in _delegates(
                    ctx, b, rates[b.event_id], tax_rates[b.currency], single=b.event_id == events[0]
                )
            ],
        )
        counts["delegates"] += len(delegates)
        invoices, lines = _invoices(
            ctx, bookings, booking_networks, delegates, networks, booking_type, sequences
        )
        counts["invoices"] += len(invoices)
        counts["invoice lines"] += len(lines)
        made += size
        progress.step(size)
    progress.close()
    for network_id, last in sequences.items():
        DocumentSequence.objects.update_or_create(
            network_id=network_id, kind=DocumentKind.INVOICE, defaults={"next_number": last + 1}
        )
    for label, count in counts.items():
        ctx.counts[label] = ctx.counts.get(label, 0) + count


def _booking(ctx: ScaleContext, event: int, user: int, org: int, network: Network) -> Booking:
    roll = ctx.rng.random()
    status = (
        BookingStatus.CONFIRMED
        if roll < 0.85
        else BookingStatus.CANCELLED
        if roll < 0.93
        else BookingStatus.WAITING
    )
    when = ctx.moment(days_before=800, days_after=0)
    return Booking(
        public_id=ctx.uuid(),
        event_id=event,
        booker_id=user,
        organisation_id=org,
        status=status,
        currency=network.currency,
        confirmed_at=when if status != BookingStatus.WAITING else None,
        cancelled_at=when if status == BookingStatus.CANCELLED else None,
    )


def _delegates(
    ctx: ScaleContext,
    booking: Booking,
    event_rates: list[tuple[int, str, Decimal]],
    tax_rate: Decimal,
    *,
    single: bool,
) -> Iterator[Delegate]:
    count = 1 if single else ctx.rng.choices((1, 2, 3), weights=(75, 20, 5))[0]
    for _ in range(count):
        rate_id, rate_name, net = ctx.rng.choice(event_rates)
        amounts = price_line(net, tax_rate, booking.currency)
        yield Delegate(
            booking_id=booking.pk,
            name=f"{ctx.rng.choice(GIVEN)} {ctx.rng.choice(FAMILY)}",
            email=f"delegate{ctx.rng.getrandbits(40)}@{SCALE_DOMAIN}",
            perspective=ctx.rng.choice(PERSPECTIVES),
            rate_id=rate_id,
            rate_name=rate_name,
            net=amounts.net,
            tax_rate=amounts.rate,
            tax=amounts.tax,
            gross=amounts.gross,
        )


def _invoices(
    ctx: ScaleContext,
    bookings: list[Booking],
    booking_networks: list[int],
    delegates: list[Delegate],
    networks: dict[int, Network],
    booking_type: ContentType,
    sequences: dict[int, int],
) -> tuple[list[Invoice], list[DocumentLine]]:
    """An invoice for every confirmed booking with something to pay, numbered without gaps per
    network; most of those whose event is over are paid."""
    by_booking: dict[int, list[Delegate]] = {}
    for delegate in delegates:
        by_booking.setdefault(delegate.booking_id, []).append(delegate)
    invoices: list[Invoice] = []
    invoiced: list[list[Delegate]] = []
    for booking, network_id in zip(bookings, booking_networks, strict=True):
        places = by_booking.get(booking.pk, [])
        gross = sum((d.gross for d in places), Decimal(0))
        if booking.status != BookingStatus.CONFIRMED or not gross or booking.confirmed_at is None:
            continue
        network = networks[network_id]
        sequences[network.pk] += 1
        issued = booking.confirmed_at
        paid = issued < ctx.anchor - datetime.timedelta(days=45) or ctx.rng.random() < 0.3
        invoices.append(
            Invoice(
                public_id=ctx.uuid(),
                network=network,
                sequence_number=sequences[network.pk],
                number=document_number(network.slug, DocumentKind.INVOICE, sequences[network.pk]),
                organisation_id=booking.organisation_id,
                person_id=booking.booker_id,
                billed_type=booking_type,
                billed_id=booking.pk,
                billed_label="Booking",
                bill_to=f"Organisation {booking.organisation_id}",
                currency=booking.currency,
                tax_name=network.tax_name,
                net_total=sum((d.net for d in places), Decimal(0)),
                tax_total=sum((d.tax for d in places), Decimal(0)),
                gross_total=gross,
                issued_at=issued,
                issued_on=issued.date(),
                payment_terms_days=network.payment_terms_days,
                due_on=issued.date() + datetime.timedelta(days=network.payment_terms_days),
                status=InvoiceStatus.PAID if paid else InvoiceStatus.ISSUED,
                paid_on=(issued + datetime.timedelta(days=20)).date() if paid else None,
                payment_method=PaymentMethod.BANK_TRANSFER if paid else "",
                supplier_name=network.supplier_name,
                supplier_address=network.supplier_address,
                supplier_tax_label=network.tax_number_label,
                supplier_tax_number=network.tax_number,
                payment_instructions=network.payment_instructions,
            )
        )
        invoiced.append(places)
    made = insert(ctx, Invoice, invoices)
    lines = [
        DocumentLine(
            invoice_id=invoice.pk,
            item_ref=d.pk,
            description=f"Place: {d.name}",
            net=d.net,
            tax_rate=d.tax_rate,
            tax=d.tax,
            gross=d.gross,
        )
        for invoice, places in zip(made, invoiced, strict=True)
        for d in places
    ]
    return made, insert(ctx, DocumentLine, lines)


register("Events, bookings and invoices", 20, generate)
