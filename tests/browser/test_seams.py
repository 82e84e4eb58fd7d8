"""Issue #10's last seams in a real browser, on a desktop and a 390 px phone, axe-checked: a tier's
annual fee set where the tier is edited, a webhook turned off after failed deliveries and turned
back on from its page, and a plan started at a learning-set day (an occasion events registers)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recoverynet.events import services as event_services
from recoverynet.events.services import DelegateInput
from recoverynet.webhooks import deliveries
from recoverynet.webhooks import services as webhook_services
from recoverynet.webhooks.models import Endpoint
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in_with_mfa
from tests.browser.test_pages import h1, visit
from tests.conftest import World
from tests.webhooks.conftest import Receiver, install_receiver

pytestmark = pytest.mark.browser
WIDTHS = [1280, 390]


@pytest.mark.parametrize("width", WIDTHS)
def test_coordinator_sets_a_tier_fee_where_the_tier_is_edited(
    page: Any, bworld: World, width: int
) -> None:
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    tier = bworld.uk_member_tier
    visit(page, "/manage/uk/", bworld.uk.name)
    main = page.locator("main")
    click_and_load(page, main.get_by_role("link", name=f"Change the tier {tier.name}"))
    expect(h1(page)).to_have_text(f"Change the tier {tier.name}")
    fee = main.get_by_label("Annual membership fee before tax, in GBP")
    fee.fill("-5")
    click_and_load(page, main.get_by_role("button", name="Save the tier"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Enter a fee of 0 or more.")
    assert_accessible(page)
    main.get_by_label("Annual membership fee before tax, in GBP").fill("900")
    click_and_load(page, main.get_by_role("button", name="Save the tier"))
    expect(page.locator("#tiers")).to_contain_text("annual fee £900.00 before tax")
    assert_accessible(page)
    tier.refresh_from_db()
    assert tier.annual_fee == Decimal("900.00")


@pytest.mark.parametrize("width", WIDTHS)
def test_a_turned_off_webhook_is_turned_back_on_from_its_page(
    page: Any,
    bworld: World,
    monkeypatch: pytest.MonkeyPatch,
    settings: Any,
    width: int,
) -> None:
    receiver: Receiver = install_receiver(monkeypatch)
    monkeypatch.setattr(deliveries, "MAX_ATTEMPTS", 1)
    endpoint, _ = webhook_services.endpoint_create(
        actor=bworld.coordinator_uk,
        network=bworld.uk,
        url="https://hooks.example.org/in",
        event_types=["resource.published"],
    )
    receiver.answers = [500] * settings.WEBHOOKS_DISABLE_AFTER_FAILURES
    for _ in range(settings.WEBHOOKS_DISABLE_AFTER_FAILURES):
        delivery = webhook_services.endpoint_send_test(
            actor=bworld.coordinator_uk, endpoint=endpoint
        )
        deliveries.deliver(delivery.pk)
    assert not Endpoint.objects.get().is_active

    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/manage/uk/webhooks/{endpoint.public_id}/", endpoint.url)
    main = page.locator("main")
    expect(main.locator(".nhsuk-warning-callout")).to_contain_text("3 deliveries in a row failed")
    expect(main.locator("#failures-in-a-row")).to_contain_text("3")
    click_and_load(page, main.get_by_role("button", name="Turn it back on"))
    expect(main).to_contain_text("The webhook is on again")
    expect(main.locator("#failures-in-a-row")).to_contain_text("0")
    assert_accessible(page)
    assert Endpoint.objects.get().is_active


@pytest.mark.parametrize("width", WIDTHS)
def test_a_plan_started_at_a_learning_set_day_links_to_the_day(
    page: Any, bworld: World, width: int
) -> None:
    start = (timezone.now() + datetime.timedelta(days=12)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    learning_set = event_services.learning_set_create(
        actor=bworld.coordinator_uk, network=bworld.uk, title="Carers set", cohort=[bworld.org_a]
    )
    day = event_services.event_create(
        actor=bworld.coordinator_uk,
        network=bworld.uk,
        title="Carers day 1",
        kind="learning_set_day",
        learning_set=learning_set,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=5),
        venue_name="Friends House, London",
        capacity=20,
        status="published",
    )
    rate = event_services.rate_create(
        actor=bworld.coordinator_uk, event=day, kind="free", name="Cohort", net_amount=Decimal(0)
    )
    event_services.booking_create(
        actor=bworld.lead_a,
        event=day,
        organisation=bworld.org_a,
        delegates=[DelegateInput(name="Lee", email=bworld.lead_a.email, rate_id=rate.pk)],
    )
    page.set_viewport_size({"width": width, "height": 900})
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/organisations/{bworld.org_a.slug}/action-plans/", "Action plans")
    main = page.locator("main")
    main.get_by_label("Name of the plan").fill("From the carers day")
    main.get_by_label("Learning-set day it comes from").select_option(
        label=f"Carers day 1, {start:%-d %B %Y}"
    )
    click_and_load(page, main.get_by_role("button", name="Start the plan"))
    expect(h1(page)).to_have_text("From the carers day")
    expect(main).to_contain_text("From the learning-set day Carers day 1")
    assert_accessible(page)
    click_and_load(page, main.get_by_role("link", name="Carers day 1"))
    expect(h1(page)).to_contain_text("Carers day 1")
