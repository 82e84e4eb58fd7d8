"""The capacity calendar: commitments against availability, over-commitment, the forecast of
engagements that will not fit, and each consultant's .ics feed."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.test import Client

from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import selectors, services
from recoverynet.engagements.arithmetic import add_months
from recoverynet.engagements.models import SessionState
from tests.conftest import World, sign_in
from tests.engagements.conftest import TODAY, package

MONTH = TODAY.replace(day=1)


def available(world: World, days: str, month: datetime.date = MONTH, leave: str = "0") -> None:
    services.consultant_month_set(
        actor=world.coordinator_uk,
        network=world.uk,
        consultant=world.consultant_uk,
        month=month,
        available_days=Decimal(days),
        leave_days=Decimal(leave),
    )


def test_over_committed_month_and_forecast(world: World) -> None:
    # 10 days left, all in this month and the next.
    engagement = package(
        world, days="10", starts_on=MONTH, ends_on=add_months(MONTH, 2) - datetime.timedelta(days=1)
    )
    available(world, "4", leave="1")
    available(world, "6", month=add_months(MONTH, 1))
    rows = selectors.capacity(actor=world.coordinator_uk, network=world.uk)
    row = next(r for r in rows if r.consultant == world.consultant_uk)
    this, following = row.cells[0], row.cells[1]
    assert this.committed == Decimal("5") and this.available == Decimal("3") and this.over
    assert following.committed == Decimal("5") and not following.over
    # 10 days left, 3 + 6 free: it cannot fit before its end.
    forecast = selectors.forecast(actor=world.coordinator_uk, network=world.uk)
    assert [f.engagement.pk for f in forecast] == [engagement.pk]
    assert (forecast[0].remaining, forecast[0].free, forecast[0].short_by) == (10, 9, 1)
    # One more working day next month and it fits.
    available(world, "7", month=add_months(MONTH, 1))
    assert selectors.forecast(actor=world.coordinator_uk, network=world.uk) == []


def test_planned_sessions_count_in_their_month(world: World) -> None:
    engagement = package(world, days="2", starts_on=MONTH, ends_on=add_months(MONTH, 3))
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=add_months(MONTH, 2),
            consultant=world.consultant_uk,
            days=Decimal("2"),
            state=SessionState.PLANNED,
        ),
    )
    available(world, "1", month=add_months(MONTH, 2))
    row = next(
        r
        for r in selectors.capacity(actor=world.coordinator_uk, network=world.uk)
        if r.consultant == world.consultant_uk
    )
    assert [c.committed for c in row.cells[:3]] == [0, 0, Decimal("2")]
    assert row.cells[2].over


def test_availability_rules(world: World) -> None:
    with pytest.raises(ApplicationError) as exc:
        available(world, "24")
    assert exc.value.field == "available_days"
    with pytest.raises(ApplicationError) as exc:
        available(world, "5", leave="0.3")
    assert exc.value.field == "leave_days"
    with pytest.raises(ApplicationError) as exc:
        services.consultant_month_set(
            actor=world.consultant_uk,
            network=world.uk,
            consultant=world.coordinator_uk,
            month=MONTH,
            available_days=Decimal("5"),
        )
    assert exc.value.status == 403


def test_capacity_page_flags_over_commitment(world: World) -> None:
    package(
        world, days="10", starts_on=MONTH, ends_on=add_months(MONTH, 1) - datetime.timedelta(days=1)
    )
    available(world, "4")
    body = sign_in(Client(), world.coordinator_uk).get("/engagements/capacity/uk/").content.decode()
    assert "Over-committed" in body
    assert "Engagements that will not fit" in body and "Alpha bespoke package" in body


def test_ics_feed(world: World) -> None:
    engagement = package(world)
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY + datetime.timedelta(days=5),
            consultant=world.consultant_uk,
            days=Decimal("0.5"),
            state=SessionState.PLANNED,
            place="Oxford",
        ),
    )
    response = sign_in(Client(), world.consultant_uk).get(
        f"/engagements/capacity/uk/{world.consultant_uk.pk}.ics"
    )
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    body = response.content.decode()
    assert "BEGIN:VEVENT" in body and "Alpha bespoke package (0.5 days)" in body
    assert "STATUS:TENTATIVE" in body and "LOCATION:Oxford" in body
    other = sign_in(Client(), world.consultant_uk).get(
        f"/engagements/capacity/uk/{world.coordinator_uk.pk}.ics"
    )
    assert other.status_code == 403
