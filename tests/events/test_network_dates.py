"""Dates belong to the network: a membership, a due date or a payment date is judged on the
network's own calendar, not London's."""

from __future__ import annotations

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine

from recoverynet.core.errors import ApplicationError
from recoverynet.events import services
from recoverynet.events.models import Booking
from recoverynet.events.services import DelegateInput
from recoverynet.network import selectors as network_selectors
from recoverynet.network import services as network_services
from tests.conftest import invoice_details

pytestmark = pytest.mark.django_db

# 20:00 UTC on 10 March 2030 is still 10 March in London but already 07:00 on 11 March in Sydney.
EVENING_IN_LONDON = datetime.datetime(2030, 3, 10, 20, 0, tzinfo=datetime.UTC)
SYDNEY = ZoneInfo("Australia/Sydney")


@pytest.fixture
def sydney(world):
    with time_machine.travel(EVENING_IN_LONDON, tick=False):
        au = network_services.network_create(
            actor=world.admin,
            name="Australasia",
            slug="au",
            currency="AUD",
            tax_name="GST",
            tax_rate=Decimal("0.10"),
            time_zone="Australia/Sydney",
            **invoice_details("Recovery Colleges AU", "51 824 753 556"),
        )
        tier = network_services.tier_create(
            actor=world.admin, network=au, name="Member college", member_rates=True
        )
        # The membership ended yesterday, Sydney time (10 March; today there is 11 March).
        network_services.membership_create(
            actor=world.admin,
            organisation=world.org_b,
            network=au,
            tier=tier,
            valid_from=datetime.date(2029, 1, 1),
            valid_to=datetime.date(2030, 3, 10),
        )
        start = datetime.datetime(2030, 4, 1, 9, 30, tzinfo=SYDNEY)
        event = services.event_create(
            actor=world.admin,
            network=au,
            title="Sydney day",
            kind="workshop",
            starts_at=start,
            ends_at=start + datetime.timedelta(hours=6),
            venue_name="Hall",
            status="published",
            booking_mode="open",
        )
        member = services.rate_create(
            actor=world.admin, event=event, kind="member", name="Members", net_amount=Decimal("50")
        )
        yield au, event, member


def test_sydney_membership_that_ended_yesterday_gets_no_member_rate(world, sydney):
    au, event, member = sydney
    with time_machine.travel(EVENING_IN_LONDON, tick=False):
        assert au.today() == datetime.date(2030, 3, 11)
        with pytest.raises(ApplicationError) as exc:
            services.booking_create(
                actor=world.lead_b,
                event=event,
                organisation=world.org_b,
                delegates=[DelegateInput(name="B", email="b@example.org", rate_id=member.pk)],
            )
        assert exc.value.code == "not_a_member"
        assert not Booking.objects.exists()
        # Lists across networks judge each membership by its own network's day too.
        assert world.org_b not in network_selectors.directory(network_slug="au")
        assert network_selectors.network_get("au", member_count=True).member_count == 0
        assert network_selectors.network_get("uk", member_count=True).member_count == 2


def test_the_same_membership_was_current_on_its_last_day(world, sydney):
    _au, event, member = sydney
    last_evening = EVENING_IN_LONDON - datetime.timedelta(hours=12)  # 10 March 19:00 in Sydney
    with time_machine.travel(last_evening, tick=False):
        result = services.booking_create(
            actor=world.lead_b,
            event=event,
            organisation=world.org_b,
            delegates=[DelegateInput(name="B", email="b@example.org", rate_id=member.pk)],
        )
        invoice = result.booking.invoices.get()
        assert invoice.issued_on == datetime.date(2030, 3, 10)


def test_invoice_dates_are_on_the_network_calendar(world, sydney):
    _au, event, _member = sydney
    rate = services.rate_create(
        actor=world.admin, event=event, kind="non_member", name="All", net_amount=Decimal("80")
    )
    with time_machine.travel(EVENING_IN_LONDON, tick=False):
        booking = services.booking_create(
            actor=world.outsider,
            event=event,
            delegates=[DelegateInput(name="O", email="o@example.org", rate_id=rate.pk)],
        ).booking
        invoice = booking.invoices.get()
        # Issued on 11 March in Sydney (still 10 March in London), due 30 days later.
        assert invoice.issued_on == datetime.date(2030, 3, 11)
        assert invoice.due_on == datetime.date(2030, 4, 10)
        # "Today" in Sydney is a valid payment date, although London has not reached it.
        services.invoice_mark_paid(
            actor=world.admin, invoice=invoice, paid_on=datetime.date(2030, 3, 11), method="card"
        )
