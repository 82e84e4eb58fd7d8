"""Engagement services: set-up, status, allocation and top-ups, sessions and drawdown, outputs."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.engagements import selectors, services
from recoverynet.engagements.models import (
    Engagement,
    EngagementKind,
    EngagementStatus,
    Session,
    SessionState,
)
from tests.conftest import World
from tests.engagements.conftest import END, START, TODAY, log, package


def test_set_up_agree_and_log_days(world: World, engagement: Engagement) -> None:
    assert engagement.status == EngagementStatus.AGREED
    log(world, engagement, "1")
    log(world, engagement, "0.5")
    engagement.refresh_from_db()
    assert engagement.status == EngagementStatus.IN_PROGRESS
    found = selectors.engagement_get(actor=world.consultant_uk, public_id=engagement.public_id)
    drawdown = selectors.drawdown(found.engagement)
    assert (drawdown.allocated, drawdown.used, drawdown.remaining) == (
        Decimal("5"),
        Decimal("1.5"),
        Decimal("3.5"),
    )
    assert drawdown.level == "ok"
    assert AuditEntry.objects.filter(action="engagements.session.logged").count() == 2


@pytest.mark.parametrize("days", ["0", "-1", "0.3", "1.25", "6", "NaN"])
def test_days_in_halves_only(world: World, engagement: Engagement, days: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        log(world, engagement, days)
    assert exc.value.field == "days"
    assert not Session.objects.exists()


def test_date_outside_the_engagement_refused(world: World, engagement: Engagement) -> None:
    with pytest.raises(ApplicationError) as exc:
        log(world, engagement, "1", on=START - datetime.timedelta(days=1))
    assert exc.value.field == "on"
    assert "within the engagement" in exc.value.message


def test_delivered_in_the_future_refused(world: World, engagement: Engagement) -> None:
    with pytest.raises(ApplicationError) as exc:
        log(world, engagement, "1", on=TODAY + datetime.timedelta(days=3))
    assert exc.value.field == "on"


def test_over_running_needs_a_reason(world: World) -> None:
    engagement = package(world, days="2")
    log(world, engagement, "1.5")
    with pytest.raises(ApplicationError) as exc:
        log(world, engagement, "1")
    assert exc.value.code == "days_used_up"
    assert exc.value.field == "over_run_reason"
    assert "Only 0.5 of the 2 agreed days" in exc.value.message
    session = log(world, engagement, "1", reason="The board asked for a second half day.")
    assert session.over_run_reason
    found = selectors.engagement_get(actor=world.coordinator_uk, public_id=engagement.public_id)
    assert selectors.drawdown(found.engagement).level == "over_running"


def test_graded_warnings(world: World) -> None:
    engagement = package(world, days="5")
    log(world, engagement, "4")
    assert selectors.drawdown(Engagement.objects.get(pk=engagement.pk)).level == "nearly_used"
    log(world, engagement, "1")
    assert selectors.drawdown(Engagement.objects.get(pk=engagement.pk)).level == "used_up"


def test_agreed_allocation_cannot_be_edited_only_topped_up(
    world: World, engagement: Engagement
) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.allocation_set(
            actor=world.coordinator_uk, engagement=engagement, days=Decimal("6")
        )
    assert exc.value.code == "allocation_agreed"
    engagement.allocation.refresh_from_db()
    assert engagement.allocation.days == Decimal("5")
    top_up = services.top_up_request(
        actor=world.consultant_uk,
        engagement=engagement,
        days=Decimal("2"),
        reason="A sixth session.",
    )
    # Not counted until approved; a consultant cannot approve.
    assert selectors.drawdown(Engagement.objects.get(pk=engagement.pk)).allocated == Decimal("5")
    with pytest.raises(ApplicationError) as denied:
        services.top_up_approve(
            actor=world.consultant_uk, engagement=engagement, top_up_id=top_up.pk
        )
    assert denied.value.status == 403
    services.top_up_approve(actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk)
    assert selectors.drawdown(Engagement.objects.get(pk=engagement.pk)).allocated == Decimal("7")
    with pytest.raises(ApplicationError):
        services.top_up_approve(
            actor=world.coordinator_uk, engagement=engagement, top_up_id=top_up.pk
        )


def test_allocation_may_change_before_agreement(world: World) -> None:
    engagement = package(world, agree=False)
    services.allocation_set(actor=world.consultant_uk, engagement=engagement, days=Decimal("4.5"))
    engagement.allocation.refresh_from_db()
    assert engagement.allocation.days == Decimal("4.5")


def test_status_moves_only_forward(world: World, engagement: Engagement) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.engagement_status_set(
            actor=world.coordinator_uk, engagement=engagement, status=EngagementStatus.ENQUIRY
        )
    assert exc.value.code == "invalid_status"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "   "}, "title"),
        ({"title": "a\x00b"}, "title"),
        ({"title": "x" * 201}, "title"),
        ({"ends_on": START - datetime.timedelta(days=1)}, "ends_on"),
        ({"purchase_order": "P" * 101}, "purchase_order"),
        ({"fee_net": Decimal("-1")}, "fee_net"),
    ],
)
def test_bad_set_up_refused(world: World, change: dict, field: str) -> None:
    with pytest.raises(ApplicationError) as exc:
        package(world, agree=False, **change)
    assert exc.value.field == field
    assert not Engagement.objects.exists()


def test_buddying_pairs_two(world: World) -> None:
    with pytest.raises(ApplicationError) as exc:
        package(world, kind=EngagementKind.BUDDYING, organisations=[world.org_a])
    assert exc.value.field == "organisations"


def test_outsiders_cannot_set_up_or_log(world: World, engagement: Engagement) -> None:
    for actor in (world.editor_uk, world.lead_a, world.coordinator_ie, world.outsider):
        with pytest.raises(ApplicationError) as exc:
            log(world, engagement, "1", actor=actor)
        assert exc.value.status == 403
    assert not Session.objects.exists()


def test_planned_sessions_do_not_draw_down(world: World, engagement: Engagement) -> None:
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=END - datetime.timedelta(days=3),
            consultant=world.consultant_uk,
            days=Decimal("1"),
            state=SessionState.PLANNED,
        ),
    )
    assert selectors.drawdown(Engagement.objects.get(pk=engagement.pk)).used == 0


def test_quote_only_with_consent(world: World, engagement: Engagement) -> None:
    with pytest.raises(ApplicationError) as exc:
        services.quote_set(
            actor=world.consultant_uk, engagement=engagement, quote="Hopeful", consent=False
        )
    assert exc.value.field == "consent"
    services.quote_set(
        actor=world.consultant_uk, engagement=engagement, quote="Hopeful", consent=True
    )
    engagement.refresh_from_db()
    assert engagement.quote_consent and engagement.client_quote == "Hopeful"
