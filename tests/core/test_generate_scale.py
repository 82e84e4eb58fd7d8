"""`recoverynet generate_scale` at a small factor: every app's rows, gap-free invoice numbers, the
two benchmark shapes, the same data from the same seed, and no run over an existing installation."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Max, Min, Sum

from recoverynet.billing.models import DocumentSequence, Invoice
from recoverynet.challenges.models import Rating
from recoverynet.events.models import Booking, Delegate, Event
from recoverynet.library.models import Resource
from recoverynet.network.models import Affiliation, Network, NetworkRole, Organisation
from recoverynet.newsletter.models import Subscription

pytestmark = pytest.mark.django_db

FACTOR = "0.004"  # 8 organisations, 400 people, 80 events, 2,000 bookings, 4,000 ratings


def _generate(seed: int = 17) -> str:
    out = io.StringIO()
    call_command(
        "generate_scale",
        "--factor",
        FACTOR,
        "--seed",
        str(seed),
        "--anchor",
        "2026-12-04",
        stdout=out,
        stderr=io.StringIO(),
    )
    return out.getvalue()


def _fingerprint() -> tuple[object, ...]:
    return (
        list(Event.objects.order_by("title").values_list("title", "starts_at", "capacity")),
        Delegate.objects.aggregate(Sum("gross"))["gross__sum"],
        list(Invoice.objects.order_by("number").values_list("number", "gross_total", "status")),
        Rating.objects.aggregate(Sum("value"))["value__sum"],
    )


def test_it_fills_every_app_in_proportion() -> None:
    report = _generate()
    assert Network.objects.count() == 3
    assert Organisation.objects.count() == 8
    assert Event.objects.count() == 80
    assert Booking.objects.count() == 2_000
    assert Rating.objects.count() >= 3_600  # 100 a round, rounded to whole raters
    assert Resource.objects.count() == 200
    assert Subscription.objects.count() == 800
    assert "rows in" in report


def test_invoices_are_numbered_without_gaps_and_add_up() -> None:
    _generate()
    for network in Network.objects.all():
        numbers = Invoice.objects.filter(network=network).aggregate(
            n=Count("pk"), low=Min("sequence_number"), high=Max("sequence_number")
        )
        if numbers["n"]:
            assert (numbers["low"], numbers["high"]) == (1, numbers["n"])
            assert DocumentSequence.objects.get(network=network).next_number == numbers["n"] + 1
    for invoice in Invoice.objects.prefetch_related("lines")[:50]:
        assert sum((line.gross for line in invoice.lines.all()), Decimal(0)) == invoice.gross_total
        assert invoice.gross_total == invoice.net_total + invoice.tax_total


def test_the_benchmark_shapes_are_there() -> None:
    _generate()
    busy_event = Event.objects.order_by("pk").first()
    assert busy_event is not None
    # At this factor the busy event gets half the bookings' first share (at full size 500).
    assert Delegate.objects.filter(booking__event=busy_event).count() >= 500
    top_booker = Booking.objects.values("booker").annotate(n=Count("pk")).order_by("-n").first()
    assert top_booker is not None and top_booker["n"] >= 100
    # … and is a recovery lead ("My bookings" for a lead with many bookings), not on a team.
    assert Affiliation.objects.filter(user_id=top_booker["booker"], role="recovery_lead").exists()
    assert not NetworkRole.objects.filter(user_id=top_booker["booker"]).exists()


def test_the_same_seed_builds_the_same_data_and_another_seed_does_not() -> None:
    fingerprints = []
    for seed in (17, 17, 18):
        with transaction.atomic():
            _generate(seed)
            fingerprints.append(_fingerprint())
            transaction.set_rollback(True)  # the next run starts from an empty database again
    assert fingerprints[0] == fingerprints[1]
    assert fingerprints[0] != fingerprints[2]


def test_it_refuses_a_database_that_already_holds_a_network() -> None:
    Network.objects.create(name="Existing", slug="existing", currency="GBP", tax_name="VAT")
    with pytest.raises(CommandError, match="already holds a network"):
        _generate()
    assert Event.objects.count() == 0


def test_it_refuses_a_silly_factor() -> None:
    with pytest.raises(CommandError, match="factor"):
        call_command("generate_scale", "--factor", "0", stdout=io.StringIO())


def test_it_can_run_only_some_apps() -> None:
    call_command(
        "generate_scale",
        "--factor",
        FACTOR,
        "--apps",
        "network, events",
        stdout=io.StringIO(),
        stderr=io.StringIO(),
    )
    assert Event.objects.count() == 80
    assert Rating.objects.count() == 0
    assert Resource.objects.count() == 0


def test_it_refuses_an_app_without_a_generator() -> None:
    with pytest.raises(CommandError, match="no generator for nowhere"):
        call_command("generate_scale", "--apps", "network,nowhere", stdout=io.StringIO())
    assert Network.objects.count() == 0
