"""Engagement fixtures, set up through the services."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest

from recoverynet.engagements import services
from recoverynet.engagements.models import (
    Engagement,
    EngagementKind,
    EngagementStatus,
    InvoicingMode,
)
from tests.conftest import World

TODAY = datetime.date.today()
START = TODAY - datetime.timedelta(days=30)
END = TODAY + datetime.timedelta(days=60)


def package(
    world: World,
    *,
    days: str = "5",
    agree: bool = True,
    invoicing: str = InvoicingMode.NONE,
    kind: str = EngagementKind.DAY_PACKAGE,
    organisations: Any = None,
    **extra: Any,
) -> Engagement:
    engagement = services.engagement_create(
        actor=world.coordinator_uk,
        network=world.uk,
        data=services.EngagementInput(
            kind=kind,
            title=extra.pop("title", "Alpha bespoke package"),
            starts_on=extra.pop("starts_on", START),
            ends_on=extra.pop("ends_on", END),
            organisations=organisations or [world.org_a],
            lead_consultant=world.consultant_uk,
            team=extra.pop("team", ()),
            challenges=[2, 7],
            invoicing=invoicing,
            days=Decimal(days),
            **extra,
        ),
    )
    if agree:
        services.engagement_status_set(
            actor=world.coordinator_uk, engagement=engagement, status=EngagementStatus.PROPOSED
        )
        services.engagement_status_set(
            actor=world.coordinator_uk, engagement=engagement, status=EngagementStatus.AGREED
        )
    engagement.refresh_from_db()
    return engagement


def log(
    world: World,
    engagement: Engagement,
    days: str = "1",
    *,
    on: Any = None,
    reason: str = "",
    actor: Any = None,
) -> Any:
    return services.session_log(
        actor=actor or world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=on or TODAY - datetime.timedelta(days=1),
            consultant=world.consultant_uk,
            days=Decimal(days),
            over_run_reason=reason,
        ),
    )


@pytest.fixture
def engagement(world: World) -> Engagement:
    return package(world)
