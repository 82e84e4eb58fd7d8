import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from recoverynet.events import services
from recoverynet.events.services import DelegateInput


def future(days=30, hour=10):
    base = timezone.now() + datetime.timedelta(days=days)
    return base.replace(hour=hour, minute=0, second=0, microsecond=0)


def make_event(world, *, capacity=10, network=None, actor=None, **extra):
    values = {
        "title": "Peer worker critical debate",
        "kind": "critical_debate",
        "starts_at": future(),
        "ends_at": future(hour=15),
        "venue_name": "Duncan Macmillan House",
        "capacity": capacity,
        "status": "published",
        "booking_mode": "open",
    }
    values.update(extra)
    return services.event_create(
        actor=actor or world.coordinator_uk, network=network or world.uk, **values
    )


@pytest.fixture
def event(world):
    event = make_event(world)
    event.member_rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="member",
        name="Member sites",
        net_amount=Decimal("100.00"),
    )
    event.non_member_rate = services.rate_create(
        actor=world.coordinator_uk,
        event=event,
        kind="non_member",
        name="Others",
        net_amount=Decimal("150.00"),
    )
    return event


def delegates(n, rate, prefix="d"):
    return [
        DelegateInput(name=f"Delegate {i}", email=f"{prefix}{i}@example.org", rate_id=rate.pk)
        for i in range(n)
    ]
