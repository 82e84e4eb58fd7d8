"""A statement shows a network's team only their own network's invoices; other team roles (editors)
and other networks' teams get nothing. Billing's domain events carry absolute links for webhooks."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from recoverynet.billing import services
from recoverynet.core import domain_events
from recoverynet.network import services as network_services
from tests.billing.conftest import fee_invoice
from tests.conftest import World

pytestmark = pytest.mark.django_db


def _irish_invoice(world: World) -> str:
    network_services.membership_create(
        actor=world.admin,
        organisation=world.org_a,
        network=world.ie,
        tier=world.ie_tier,
        valid_from=datetime.date(2020, 1, 1),
    )
    invoice = services.invoice_issue(
        actor=world.coordinator_ie,
        network=world.ie,
        billed=services.BilledItem(obj=world.membership_a, label="Irish membership"),
        lines=[
            services.Line.priced(
                description="Fee",
                net=Decimal("10.00"),
                tax_rate=world.ie.tax_rate_on(),
                currency="EUR",
            )
        ],
        bill_to=world.org_a.name,
        organisation=world.org_a,
    )
    return invoice.number


def test_a_network_team_sees_only_its_own_networks_invoices(world: World) -> None:
    number = _irish_invoice(world)
    path = f"/organisations/{world.org_a.slug}/statement/"
    uk = world.client_for("coordinator_uk").get(path)
    assert uk.status_code == 200 and number not in uk.content.decode()
    assert number in world.client_for("coordinator_ie").get(path).content.decode()
    assert number in world.client_for("lead_a").get(path).content.decode()  # the lead sees all
    api = world.client_for("coordinator_uk").get(
        f"/api/v1/organisations/{world.org_a.slug}/statement"
    )
    assert api.status_code == 200 and number not in api.content.decode()
    # Asking for the other network's statement by name is refused, not emptied.
    assert (
        world.client_for("coordinator_uk").get(f"{path}?network={world.ie.slug}").status_code == 404
    )


@pytest.mark.parametrize("role", ["editor_uk", "staff_a", "lead_b", "outsider"])
def test_people_outside_the_finance_team_get_no_statement(world: World, role: str) -> None:
    response = world.client_for(role).get(f"/organisations/{world.org_a.slug}/statement/")
    assert response.status_code == 404


def test_billing_events_link_absolutely(world: World, django_capture_on_commit_callbacks) -> None:
    got: list[domain_events.DomainEvent] = []
    domain_events.subscribe("invoice.issued", got.append)
    try:
        with django_capture_on_commit_callbacks(execute=True):
            fee_invoice(world)
    finally:
        domain_events.unsubscribe(got.append)
    assert got and got[0].data["url"].startswith("http")
