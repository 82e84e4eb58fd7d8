"""Recovery Colleges in a real browser: a student registering, enrolling on two courses and seeing
"My learning"; a trainer taking the register at phone width (no JavaScript needed); a manager
publishing a term and downloading the prospectus PDF. axe-core checks every page visited.

Set RECOVERYNET_SCREENSHOT_DIR to also save full-page screenshots of the main pages there.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.colleges.models import Attendance, Course, Enrolment
from recoverynet.colleges.services import enrolment as enrolment_services
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in
from tests.browser.test_pages import h1, screenshot, visit
from tests.colleges.conftest import build_college_world, make_course, make_student, make_term
from tests.conftest import World, make_user

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_student_registers_enrols_on_two_courses_and_sees_my_learning(
    page: Any, bworld: World
) -> None:
    cw = build_college_world(bworld)
    term = make_term(cw)
    make_course(cw, term, title="Understanding anxiety")
    make_course(cw, term, title="Sleeping well", capacity=1)
    make_user("sam@example.org", full_name="Sam Student")
    sign_in(page, "sam@example.org")

    visit(page, f"/colleges/{cw.college.slug}/", "Alpha Recovery College")
    click_and_load(page, page.get_by_role("link", name="Register as a student"))
    expect(h1(page)).to_have_text("Register as a student")
    assert_accessible(page)
    # A blank name is refused with the error summary.
    page.get_by_label("What would you like us to call you?").fill("   ")
    click_and_load(page, page.get_by_role("button", name="Register"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("What would you like us to call you?").fill("Sam")
    click_and_load(page, page.get_by_role("button", name="Register"))
    expect(h1(page)).to_have_text("Spring 2027 prospectus")
    assert_accessible(page)
    screenshot(page, "colleges-prospectus")

    for title in ("Understanding anxiety", "Sleeping well"):
        click_and_load(page, page.get_by_role("link", name=title))
        expect(h1(page)).to_have_text(title)
        assert_accessible(page)
        click_and_load(page, page.get_by_role("button", name="Enrol on this course"))
        expect(h1(page)).to_have_text("My learning")
        page.goto(f"/colleges/{cw.college.slug}/terms/{term.slug}/")

    visit(page, "/my-learning/", "My learning")
    main = page.locator("main")
    expect(main).to_contain_text("Understanding anxiety")
    expect(main).to_contain_text("Sleeping well")
    expect(main).to_contain_text("Sessions to come")
    expect(main).to_contain_text("Start a learning plan at Alpha Recovery College")
    screenshot(page, "colleges-my-learning")
    assert Enrolment.objects.filter(student__user__email="sam@example.org").count() == 2

    page.set_viewport_size(PHONE)
    visit(page, "/my-learning/", "My learning")


def test_trainer_takes_the_register_on_a_phone(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    course = make_course(cw, make_term(cw))
    names = ["Ash", "Bo", "Cy"]
    enrolments = []
    for name in names:
        user, _ = make_student(cw, f"{name.lower()}@example.org", name)
        enrolments.append(enrolment_services.enrolment_create(actor=user, course=course))
    session = course.sessions.get(number=1)

    page.set_viewport_size(PHONE)
    sign_in(page, cw.peer_trainer.email)
    url = f"/manage/colleges/{cw.college.slug}/sessions/{session.pk}/register/"
    visit(page, url, "Register: session 1")
    # Big enough to tap: the radios sit in the page width, nothing scrolls sideways.
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"], f"the register scrolls sideways ({width}px)"
    page.get_by_role("group", name="Ash").get_by_label("Present").check()
    page.get_by_role("group", name="Bo").get_by_label("Late").check()
    page.get_by_role("group", name="Cy").get_by_label("Excused").check()
    screenshot(page, "colleges-register-phone")
    click_and_load(page, page.get_by_role("button", name="Save the register"))
    expect(page.locator("main")).to_contain_text("Register saved: 3 of 3 marked.")
    assert_accessible(page)
    marks = dict(Attendance.objects.values_list("enrolment__student__preferred_name", "mark"))
    assert marks == {"Ash": "present", "Bo": "late", "Cy": "excused"}
    # The saved marks are shown checked when the register is opened again.
    expect(page.get_by_role("group", name="Bo").get_by_label("Late")).to_be_checked()


def test_trainer_register_works_without_javascript(
    browser: Any, live_server: Any, bworld: World
) -> None:
    cw = build_college_world(bworld)
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "nojs@example.org", "Noa")
    enrolment_services.enrolment_create(actor=user, course=course)
    session = course.sessions.get(number=1)
    context = browser.new_context(
        base_url=live_server.url, java_script_enabled=False, viewport=PHONE
    )
    page = context.new_page()
    try:
        sign_in(page, cw.professional_trainer.email)
        page.goto(f"/manage/colleges/{cw.college.slug}/sessions/{session.pk}/register/")
        page.get_by_role("group", name="Noa").get_by_label("Absent").check()
        click_and_load(page, page.get_by_role("button", name="Save the register"))
        expect(page.locator("main")).to_contain_text("Register saved: 1 of 1 marked.")
    finally:
        context.close()
    assert Attendance.objects.get().mark == "absent"


def test_manager_publishes_a_term_and_downloads_the_prospectus(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    term = make_term(cw)
    course = make_course(cw, term, title="Introduction to recovery", publish=False)
    solo = make_course(cw, term, title="Walking together", publish=False, cofacilitated=False)
    sign_in(page, cw.manager.email)

    visit(page, f"/manage/colleges/{cw.college.slug}/terms/{term.slug}/", "Spring 2027")
    expect(page.locator(".nhsuk-warning-callout")).to_contain_text("Walking together")
    click_and_load(page, page.get_by_role("link", name="Introduction to recovery"))
    expect(h1(page)).to_have_text("Introduction to recovery")
    assert_accessible(page)
    click_and_load(page, page.get_by_role("button", name="Publish the course"))
    expect(h1(page)).to_have_text("Spring 2027")

    # The course without a peer and a professional trainer together needs a reason.
    click_and_load(page, page.get_by_role("link", name="Walking together"))
    click_and_load(page, page.get_by_role("button", name="Publish the course"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("Give a reason")
    assert_accessible(page)
    page.get_by_label("Why publish without").fill("Our professional trainer joins in week 2.")
    click_and_load(page, page.get_by_role("button", name="Publish the course"))

    click_and_load(page, page.get_by_role("button", name="Publish the term"))
    expect(page.locator("main")).to_contain_text("is published: the prospectus is open")
    assert_accessible(page)
    screenshot(page, "colleges-term-published")
    with page.expect_download() as info:
        page.get_by_role("link", name="Download the prospectus (PDF)").click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    with open(download.path(), "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert Course.objects.filter(pk__in=[course.pk, solo.pk], status="published").count() == 2

    # Registering someone who phones: the form is accessible too.
    visit(
        page,
        f"/manage/colleges/{cw.college.slug}/register-someone/",
        "Register someone as a student",
    )
    page.get_by_label("Their e-mail address").fill("caller@example.org")
    page.get_by_label("What would you like us to call you?").fill("Cal")
    click_and_load(page, page.get_by_role("button", name="Register them"))
    expect(page.locator("main")).to_contain_text("Cal is registered")
