"""Self-assessment reports in a real browser: an organisation's progress over time and the network
benchmark (anonymous for members, named for the network team, suppressed below the minimum). axe-core
checks every page: the inline SVG charts and the tables beside them must have zero violations.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the pages there.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.challenges import frameworks, services
from recoverynet.challenges.benchmarks import benchmark_publish
from recoverynet.challenges.models import AssessmentRound, Framework
from recoverynet.challenges.services import PriorityInput
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, screenshot, visit
from tests.challenges.test_benchmarks import closed_round, members
from tests.conftest import World

pytestmark = pytest.mark.browser


def closed_varied_round(
    world: World, framework: Framework, title: str, shift: int, priorities: list[tuple[int, str]]
) -> AssessmentRound:
    """A closed round of Alpha NHS Trust with ratings that differ by challenge and level."""
    round_ = services.round_start(
        actor=world.lead_a, organisation=world.org_a, framework=framework, title=title
    )
    for challenge in framework.challenges.all():
        for i, level in enumerate(framework.levels.all()):
            services.consensus_set(
                actor=world.lead_a,
                round_=round_,
                challenge_id=challenge.pk,
                level_key=level.key,
                value=min(4, 1 + (challenge.number + i) % 3 + shift),
            )
    round_ = services.round_close(actor=world.lead_a, round_=round_)
    services.priorities_set(
        actor=world.lead_a,
        round_=round_,
        priorities=[
            PriorityInput(challenge_id=framework.challenges.get(number=n).pk, level_key=key)
            for n, key in priorities
        ],
    )
    return round_


def test_progress_and_benchmark_pages(page: Any, bworld: World) -> None:
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    closed_varied_round(bworld, framework, "Spring 2026", 0, [(7, "practice"), (4, "strategic")])
    closed_varied_round(bworld, framework, "Spring 2027", 1, [(6, "managerial")])
    orgs = members(bworld, 5)
    for value, org in zip([1, 2, 3, 3], orgs[1:], strict=True):
        closed_round(bworld, org, framework, value)
    benchmark_publish(actor=bworld.coordinator_uk, network=bworld.uk, framework=framework)

    # The recovery lead finds progress over time from the organisation's self-assessments.
    sign_in(page, bworld.lead_a.email)
    visit(page, f"/organisations/{bworld.org_a.slug}/self-assessment/", "Self-assessment")
    click_and_load(page, page.get_by_role("link", name="See progress over time"))
    expect(h1(page)).to_have_text("Progress over time")
    latest = page.get_by_role("img", name="Agreed ratings in Spring 2027, by challenge and level")
    expect(latest).to_be_visible()
    expect(page.locator("#chart-latest-table tbody tr")).to_have_count(10)
    # Challenge 7: (7 + level) % 3 + 1 + 1 → strategic 3, managerial 4, practice 2.
    row7 = page.locator("#chart-latest-table tbody tr").nth(6)
    expect(row7.locator("td")).to_have_text(["3", "4", "2"])
    expect(page.locator("#chart-challenge-7-table tbody tr")).to_have_count(2)
    expect(page.get_by_role("img")).to_have_count(12)
    expect(page.locator("#priorities + table")).to_contain_text(
        "6. Changing the way we approach risk assessment and management, at managerial level"
    )
    assert_accessible(page)
    screenshot(page, "challenges-progress")

    # …and the network benchmark (five organisations took part, so nothing is suppressed).
    page.goto(f"/organisations/{bworld.org_a.slug}/self-assessment/")
    click_and_load(page, page.get_by_role("link", name="Compare with other members of UK Network"))
    expect(h1(page)).to_have_text("Benchmark")
    expect(page.get_by_role("img")).to_have_count(1)
    expect(page.locator("#benchmark-table tbody tr")).to_have_count(30)
    expect(page.locator("#benchmark-table")).not_to_contain_text("Not shown")
    expect(page.locator("#named-table")).to_have_count(0)
    assert_accessible(page)
    screenshot(page, "challenges-benchmark")


def test_benchmark_for_the_team_and_when_suppressed(page: Any, bworld: World) -> None:
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    orgs = members(bworld, 5)
    for value, org in zip([1, 2, 3, 4], orgs[:4], strict=True):
        closed_round(bworld, org, framework, value)

    # Nothing is published yet: the coordinator publishes a snapshot with the button.
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    visit(page, "/networks/uk/benchmark/", "Benchmark")
    expect(page.locator("#published")).to_contain_text("No benchmark has been published yet.")
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Publish the benchmark"))
    expect(page.locator("main")).to_contain_text("The benchmark has been published.")
    expect(page.locator("#published")).to_contain_text("4 organisations took part.")
    # Publishing again waits until enough organisations have joined, left or sent new results.
    expect(page.locator("#publish-wait")).to_contain_text(
        "where at least 5 organisations joined, left or changed their rating"
    )
    expect(page.get_by_role("button", name="Publish the benchmark")).to_have_count(0)

    # Four organisations: every figure is held back, and the page says why.
    expect(page.locator("#suppression")).to_contain_text("at least 5 organisations")
    expect(page.locator("#nothing-shown")).to_contain_text("There are no figures to show yet.")
    expect(page.locator("#benchmark-table")).to_have_count(0)
    expect(page.get_by_role("img")).to_have_count(0)
    # The network team also sees each organisation's ratings by name.
    named = page.locator("#named-table")
    expect(named.locator("thead th")).to_have_count(6)
    expect(named).to_contain_text("Alpha NHS Trust")
    screenshot(page, "challenges-benchmark-team")

    # Switching framework with the form (no JavaScript needed).
    services.framework_install(data=frameworks.TRIANGLE_OF_CARE)
    page.reload()
    page.get_by_label("Framework").select_option(label="Triangle of Care (six standards)")
    click_and_load(page, page.get_by_role("button", name="Show benchmark"))
    expect(page.locator("main")).to_contain_text("Triangle of Care")
    # Nobody has rated it yet: the page says so once instead of a row per standard.
    expect(page.locator("#nothing-shown")).to_contain_text("There are no figures to show yet.")
    assert_accessible(page)
