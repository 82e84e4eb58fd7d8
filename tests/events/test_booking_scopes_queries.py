"""Saying whom a new booking and its invoice concern (events.page_scopes, billing.page_scopes) reads
nothing while the event is locked: the places and the billed booking are the ones just written."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.billing.models import Invoice
from recoverynet.events import services

from .conftest import delegates

# With a shared cache (as deployed): without one, no scopes are worked out at all.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]


def test_a_paid_booking_reads_back_neither_its_places_nor_itself(world: Any, event: Any) -> None:
    with CaptureQueriesContext(connection) as queries:
        booking = services.booking_create(
            actor=world.lead_b,
            event=event,
            organisation=world.org_b,
            delegates=delegates(2, event.non_member_rate),
        ).booking
    assert Invoice.objects.filter(billed_id=booking.pk).exists()
    reads = [q["sql"] for q in queries.captured_queries if q["sql"].startswith("SELECT")]
    assert not [sql for sql in reads if 'FROM "events_delegate"' in sql]
    assert not [sql for sql in reads if 'FROM "events_booking" WHERE' in sql]
