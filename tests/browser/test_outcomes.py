"""Outcome questionnaires in a real browser: a student answers on a phone-width screen with the
keyboard only (one question per screen, with JavaScript), and the cohort results page. axe-core
checks every page visited, at phone width and on the desktop."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from recoverynet.network import services as network_services
from recoverynet.outcomes import services
from recoverynet.outcomes.models import Collection, InstrumentVersion, Invitation, Response
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import sign_in, sign_in_with_mfa
from tests.browser.test_pages import h1, screenshot
from tests.conftest import World, make_user
from tests.outcomes.conftest import link_for, load_wording

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def collection(world: World, students: int = 0) -> Collection:
    services.instruments_install_builtin()
    load_wording(world.lead_a, world.org_a, "swemwbs")
    for n in range(students):
        user = make_user(f"learner{n}@example.org", full_name=f"Learner {n}")
        network_services.affiliation_add(
            actor=world.admin, organisation=world.org_a, email=user.email, role="student"
        )
    today = timezone.localdate()
    return services.collection_create(
        actor=world.lead_a,
        organisation=world.org_a,
        title="Spring course",
        instruments=[InstrumentVersion.objects.get(code="swemwbs")],
        source_kind="team",
        source_ref="team",
        timepoints=[
            services.TimepointPlan("baseline", today, 14),
            services.TimepointPlan("end", today + datetime.timedelta(days=1), 14),
        ],
        retain_until=today + datetime.timedelta(days=400),
    )


def press_until_focused(page: Any, key: str, selector: str, limit: int = 80) -> None:
    for _ in range(limit):
        if page.evaluate(f"() => document.activeElement?.matches({selector!r}) ?? false"):
            return
        page.keyboard.press(key)
    raise AssertionError(f"{selector} never got the focus with {key}")


def test_student_answers_on_a_phone_with_the_keyboard_only(page: Any, bworld: World) -> None:
    found = collection(bworld)
    invitation = Invitation.objects.get(
        participant__email="staff.a@example.org", timepoint__position=1
    )
    raw = link_for(invitation)
    page.set_viewport_size(PHONE)
    page.goto(f"/q/{raw}/")
    expect(h1(page)).to_have_text("Spring course: a short questionnaire")
    questions = page.locator("[data-question]")
    expect(questions.nth(0)).to_be_visible()
    expect(questions.nth(1)).to_be_hidden()  # one question per screen
    assert_accessible(page)
    screenshot(page, "outcomes-question-phone")

    for number in range(1, 8):
        # Tab onto the question's radios, choose with the arrow keys (the fourth choice), move on.
        press_until_focused(page, "Tab", f"input[name$='-{number}'][type=radio]")
        for _ in range(3):
            page.keyboard.press("ArrowDown")
        expect(questions.nth(number - 1).locator("input[type=radio]").nth(3)).to_be_checked()
        if number < 7:
            press_until_focused(page, "Tab", "button[data-stepper-next]")
            page.keyboard.press("Enter")
            expect(questions.nth(number)).to_be_visible()
            expect(questions.nth(number - 1)).to_be_hidden()
    assert_accessible(page)
    press_until_focused(page, "Tab", "button[value=finish]")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(h1(page)).to_have_text("Thank you: your answers are sent")
    assert_accessible(page)
    response = Response.objects.get(timepoint__collection=found)
    assert response.raw_score == 28  # every answer the fourth of five: 4 × 7
    # The link is used up.
    again = page.goto(f"/q/{raw}/")
    assert again is not None and again.status == 410
    assert_accessible(page)


def test_an_unanswered_question_is_shown_with_the_error_summary(page: Any, bworld: World) -> None:
    collection(bworld)
    invitation = Invitation.objects.get(
        participant__email="staff.a@example.org", timepoint__position=1
    )
    raw = link_for(invitation)
    page.set_viewport_size(PHONE)
    page.goto(f"/q/{raw}/")
    # Answer nothing, go to the last screen, send.
    for _ in range(6):
        page.get_by_role("button", name="Next question").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Send my answers").click()
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Answer question 1")
    expect(page.locator("[data-question]").nth(0)).to_be_visible()
    assert_accessible(page)


def test_cohort_results_page(page: Any, bworld: World) -> None:
    found = collection(bworld, students=10)
    swemwbs = InstrumentVersion.objects.get(code="swemwbs")
    for n, invitation in enumerate(
        Invitation.objects.filter(
            timepoint__collection=found, participant__email__startswith="learner"
        ).select_related("participant__user", "timepoint")
    ):
        value = 2 if invitation.timepoint.position == 1 else 3 + (n % 2)
        services.answers_save(
            actor=invitation.participant.user,
            invitation=invitation,
            answers={(swemwbs.pk, i): value for i in range(1, 8)},
            finish=True,
        )
    services.results_publish(actor=bworld.lead_a, collection=found)
    sign_in(page, "lead.a@example.org")
    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        page.goto(f"/outcomes/{found.public_id}/results/")
        expect(h1(page)).to_have_text("Results: Spring course")
        expect(page.locator("svg[role=img]")).to_have_count(1)
        expect(page.locator("main")).to_contain_text("Reliably improved")
        expect(page.locator("main")).to_contain_text("Not shown: fewer than 8 people")
        assert_accessible(page)
    screenshot(page, "outcomes-results")
    page.goto(f"/outcomes/{found.public_id}/")
    expect(h1(page)).to_have_text("Spring course")
    assert_accessible(page)
    page.goto("/organisations/alpha-nhs-trust/outcomes/")
    assert_accessible(page)


def test_pooled_results_pages(page: Any, bworld: World) -> None:
    """A Recovery College's pooled results and the network's, at phone width and on the desktop,
    with the button that publishes newer figures (and its refusal) for the people who plan."""
    found = collection(bworld, students=10)
    swemwbs = InstrumentVersion.objects.get(code="swemwbs")
    for invitation in Invitation.objects.filter(
        timepoint__collection=found, participant__email__startswith="learner"
    ).select_related("participant__user", "timepoint"):
        services.answers_save(
            actor=invitation.participant.user,
            invitation=invitation,
            answers={(swemwbs.pk, i): 2 + invitation.timepoint.position for i in range(1, 8)},
            finish=True,
        )
    Collection.objects.filter(pk=found.pk).update(
        pool_key="college-alpha", pool_label="Alpha Recovery College"
    )
    services.snapshots_publish()
    sign_in(page, "lead.a@example.org")
    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        page.goto("/organisations/alpha-nhs-trust/outcomes/")
        page.get_by_role("link", name="Alpha Recovery College: all its courses together").click()
        expect(h1(page)).to_have_text("Alpha Recovery College")
        expect(page.locator("main")).to_contain_text("Reliably improved")
        assert_accessible(page)
    page.get_by_role("button", name="Update the figures").click()
    expect(page.locator("main")).to_contain_text("cannot be updated yet")
    assert_accessible(page)
    page.context.clear_cookies()
    sign_in_with_mfa(page, bworld.coordinator_uk.email)
    for size in (PHONE, {"width": 1280, "height": 900}):
        page.set_viewport_size(size)
        page.goto("/networks/uk/outcomes/results/")
        expect(page.locator("main")).to_contain_text("From 1 collection of 1 organisation")
        assert_accessible(page)
    screenshot(page, "outcomes-network-pool")


def test_planning_pages_are_accessible_on_a_phone(page: Any, bworld: World) -> None:
    collection(bworld)
    sign_in(page, "lead.a@example.org")
    page.set_viewport_size(PHONE)
    for path, heading in (
        ("/organisations/alpha-nhs-trust/outcomes/", "Outcome questionnaires"),
        ("/organisations/alpha-nhs-trust/outcomes/wording/", "Licensed wording"),
        ("/organisations/alpha-nhs-trust/outcomes/new/", "Plan a collection"),
        ("/organisations/alpha-nhs-trust/outcomes/signposts/", "Signposting messages"),
        ("/outcomes/instruments/", "Questionnaires"),
        ("/me/questionnaires/", "Your questionnaires"),
        ("/outcomes/shared-with-me/", "Scores people share with you"),
    ):
        page.goto(path)
        expect(h1(page)).to_have_text(heading)
        assert_accessible(page)
    # A form sent with a mistake shows the error summary, still accessible.
    page.goto("/organisations/alpha-nhs-trust/outcomes/wording/")
    with page.expect_navigation():
        page.get_by_role("button", name="Load the wording").click()
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
