"""Billing pages in a real browser: the coordinator's membership fees, a run's progress, the
network's invoices and an organisation's statement. axe-core checks every page visited."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest

from recoverynet.billing import services
from recoverynet.network import renewals
from tests.browser.test_events import sign_in_with_mfa
from tests.browser.test_pages import visit
from tests.conftest import World

pytestmark = pytest.mark.browser


def test_coordinator_billing_pages(page: Any, bworld: World) -> None:
    renewals.tier_fee_set(
        actor=bworld.coordinator_uk, tier=bworld.uk_member_tier, annual_fee=Decimal("900")
    )
    run = services.membership_fee_run_start(
        actor=bworld.coordinator_uk, network=bworld.uk, year=bworld.uk.today().year
    )
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/manage/membership-fees/uk/", "Membership fees")
    visit(page, f"/manage/membership-fees/uk/runs/{run.pk}/", f"Membership invoices {run.year}")
    visit(page, "/manage/invoices/uk/", "Invoices")
    visit(page, f"/organisations/{bworld.org_a.slug}/statement/", "Statement")
    page.set_viewport_size({"width": 360, "height": 740})
    visit(page, f"/organisations/{bworld.org_a.slug}/statement/", "Statement")
    visit(page, "/manage/membership-fees/uk/", "Membership fees")
