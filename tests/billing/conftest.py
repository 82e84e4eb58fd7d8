from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

import pytest

from recoverynet.billing import services
from recoverynet.core import domain_events
from tests.events.conftest import event  # noqa: F401  (the event fixture, for billing tests)


@pytest.fixture
def received() -> Iterator[list[Any]]:
    got: list[Any] = []
    for name in ("invoice.issued", "invoice.paid", "credit_note.issued"):
        domain_events.subscribe(name, got.append)
    yield got
    domain_events.unsubscribe(got.append)


def fee_invoice(world: Any, *, net: str = "1000.00", actor: Any = None) -> Any:
    """An invoice for something that is not a booking: organisation A's membership."""
    return services.invoice_issue(
        actor=actor or world.coordinator_uk,
        network=world.uk,
        billed=services.BilledItem(obj=world.membership_a, label="Membership 2026"),
        lines=[
            services.Line.priced(
                description="Annual membership fee 2026 (Member site)",
                net=Decimal(net),
                tax_rate=world.uk.tax_rate_on(),
                currency="GBP",
            )
        ],
        bill_to=world.org_a.name,
        organisation=world.org_a,
    )
