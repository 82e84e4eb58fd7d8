"""Action plans in a real browser: from a closed round's priorities to a plan, an overdue action, an
update with a note, a review and the history; and the organisers' review agenda for a learning-set
day. axe-core checks every page visited.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the main pages there.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recoverynet.challenges import frameworks, services
from recoverynet.challenges.models import AssessmentRound
from recoverynet.events import services as event_services
from recoverynet.events.services import DelegateInput
from recoverynet.plans import services as plans
from recoverynet.plans.models import ActionStatus
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, screenshot, visit
from tests.conftest import World

# Overdue, and within the year that a due date may lie in the past.
PAST = timezone.localdate() - datetime.timedelta(days=40)

pytestmark = pytest.mark.browser


def closed_round_with_priorities(world: World) -> AssessmentRound:
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    round_ = services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title="Spring 2027"
    )
    for challenge in framework.challenges.all():
        for level in framework.levels.all():
            services.consensus_set(
                actor=world.lead_a,
                round_=round_,
                challenge_id=challenge.pk,
                level_key=level.key,
                value=2,
            )
    services.round_close(actor=world.lead_a, round_=round_)
    services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[
            services.PriorityInput(
                challenge_id=framework.challenges.get(number=7).pk,
                level_key="practice",
                reason="Everyone agreed this matters most.",
            ),
            services.PriorityInput(
                challenge_id=framework.challenges.get(number=4).pk, level_key="managerial"
            ),
        ],
    )
    return round_


def test_plan_from_priorities_to_review(page: Any, bworld: World) -> None:
    round_ = closed_round_with_priorities(bworld)
    sign_in(page, bworld.lead_a.email)

    # The priorities page offers to start a plan.
    visit(page, f"/self-assessment/{round_.public_id}/priorities/", "Priorities")
    click_and_load(
        page, page.get_by_role("button", name="Start an action plan from these priorities")
    )
    expect(h1(page)).to_have_text("Action plan: Spring 2027")
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text(
        "one action for each priority"
    )
    rows = page.locator("#action-table tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("Redefining user involvement, at practice level")
    expect(page.locator("main")).not_to_contain_text("Overdue")
    assert_accessible(page)

    # Adding an action without saying what: a clear error, nothing added.
    page.get_by_label("Or a role").fill("Peer support lead")
    click_and_load(page, page.get_by_role("button", name="Add the action"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Say what will be done.")
    expect(page.locator("#id_action-what-error")).to_contain_text("Say what will be done.")
    expect(rows).to_have_count(2)
    assert_accessible(page)

    # An action owned by a role, due in the past: it shows "Overdue" in words.
    page.get_by_label("What will be done").fill(
        "Ask peer workers to co-chair the care-planning group"
    )
    page.get_by_label("What it helps with").select_option(
        label="7. Redefining user involvement, at practice level"
    )
    page.get_by_label("Or a role").fill("Peer support lead")
    page.get_by_label("Due date").fill(f"{PAST:%Y-%m-%d}")
    click_and_load(page, page.get_by_role("button", name="Add the action"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The action is added")
    row = rows.filter(has_text="co-chair the care-planning group")
    expect(row).to_contain_text("Peer support lead")
    expect(row).to_contain_text(f"{PAST.day} {PAST:%B %Y}")
    expect(row.locator(".nhsuk-tag", has_text="Overdue")).to_be_visible()
    expect(page.locator("#action-count")).to_have_text("3, 1 overdue")
    assert_accessible(page)
    screenshot(page, "plan-detail")

    # Update it: in progress, with a note.
    click_and_load(page, row.get_by_role("link", name=re.compile("^Update the action")))
    expect(h1(page)).to_have_text("Update an action")
    expect(page.locator("main")).to_contain_text("This action is past its date")
    assert_accessible(page)
    page.get_by_label("In progress").check()
    page.get_by_label("Progress note").fill("First meeting booked with three peer workers.")
    click_and_load(page, page.get_by_role("button", name="Save the update"))
    expect(h1(page)).to_have_text("Action plan: Spring 2027")
    expect(row.locator(".nhsuk-tag", has_text="In progress")).to_be_visible()
    expect(row.locator(".nhsuk-tag", has_text="Overdue")).to_be_visible()

    # Record a review; the history shows it above the note, newest first.
    page.get_by_label("What progress has been made").fill("Two meetings held; people came.")
    page.get_by_label("Reset goals").fill("Peer workers co-chair by June.")
    click_and_load(page, page.get_by_role("button", name="Record the review"))
    expect(page.locator(".nhsuk-notification-banner")).to_contain_text("The review is recorded")
    history = page.locator("#history-list > li")
    expect(history).to_have_count(2)
    expect(history.nth(0)).to_contain_text("Two meetings held; people came.")
    expect(history.nth(0)).to_contain_text("Peer workers co-chair by June.")
    expect(history.nth(0)).to_contain_text(f"Recorded by {bworld.lead_a.display_name}")
    expect(history.nth(1)).to_contain_text("First meeting booked with three peer workers.")
    expect(history.nth(1)).to_contain_text("Moved from not started to in progress.")
    assert_accessible(page)
    screenshot(page, "plan-history")

    # The organisation's plans.
    click_and_load(page, page.get_by_role("link", name="All action plans at Alpha NHS Trust"))
    expect(h1(page)).to_have_text("Action plans")
    listing = page.locator("#plans tbody tr")
    expect(listing).to_have_count(1)
    expect(listing.first).to_contain_text("2 not started")
    expect(listing.first).to_contain_text("1 in progress")
    expect(listing.first).to_contain_text("1 overdue")
    assert_accessible(page)


def test_organiser_review_agenda(page: Any, bworld: World) -> None:
    start = (timezone.now() + datetime.timedelta(days=10)).replace(
        hour=10, minute=0, second=0, microsecond=0
    )
    learning_set = event_services.learning_set_create(
        actor=bworld.coordinator_uk,
        network=bworld.uk,
        title="Learning set 2027",
        cohort=[bworld.org_a, bworld.org_b],
    )
    event = event_services.event_create(
        actor=bworld.coordinator_uk,
        network=bworld.uk,
        title="Learning set day 2",
        kind="learning_set_day",
        learning_set=learning_set,
        starts_at=start,
        ends_at=start + datetime.timedelta(hours=5),
        venue_name="Friends House, London",
        capacity=20,
        status="published",
    )
    rate = event_services.rate_create(
        actor=bworld.coordinator_uk,
        event=event,
        kind="free",
        name="Cohort place",
        net_amount=Decimal("0"),
    )
    for lead, org in [(bworld.lead_a, bworld.org_a), (bworld.lead_b, bworld.org_b)]:
        event_services.booking_create(
            actor=lead,
            event=event,
            organisation=org,
            delegates=[DelegateInput(name=lead.display_name, email=lead.email, rate_id=rate.pk)],
        )
    plan = plans.plan_create(actor=bworld.lead_a, organisation=bworld.org_a, title="Peer support")
    past = plans.action_add(
        actor=bworld.lead_a,
        plan=plan,
        data=plans.ActionInput(
            what="Write the peer worker job description",
            owner_email=bworld.staff_a.email,
            due=PAST,
        ),
    )
    plans.action_update(actor=bworld.lead_a, action=past, status=ActionStatus.IN_PROGRESS)
    plans.action_add(
        actor=bworld.lead_a,
        plan=plan,
        data=plans.ActionInput(
            what="Hold a listening event", owner_role="Recovery lead", due=start.date()
        ),
    )

    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, f"/manage/events/{event.public_id}/", "Learning set day 2")
    click_and_load(page, page.get_by_role("link", name=re.compile("^Review agenda")))
    expect(h1(page)).to_have_text("Review agenda")
    alpha = page.locator("#org-" + bworld.org_a.slug + " + table tbody tr")
    expect(alpha).to_have_count(2)
    expect(alpha.first).to_contain_text("Write the peer worker job description")
    expect(alpha.first).to_contain_text(bworld.staff_a.display_name)
    expect(alpha.first.locator(".nhsuk-tag", has_text="Overdue")).to_be_visible()
    expect(alpha.nth(1)).to_contain_text("Recovery lead")
    expect(alpha.nth(1)).not_to_contain_text("Overdue")
    expect(page.locator("#org-" + bworld.org_b.slug + " + p")).to_have_text("No actions due.")
    assert_accessible(page)
    screenshot(page, "review-agenda")

    click_and_load(page, alpha.first.get_by_role("link", name="Peer support"))
    expect(h1(page)).to_have_text("Peer support")
    assert_accessible(page)

    # The network team can start a plan for the organisation from the learning-set day.
    visit(page, f"/organisations/{bworld.org_a.slug}/action-plans/", "Action plans")
    expect(page.get_by_label("Learning-set day it comes from")).to_contain_text(
        "Learning set day 2"
    )
