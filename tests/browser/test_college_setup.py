"""Setting a college up in a real browser, as its manager: the public page, venues, staff roles,
registration questions, and changing a term, a course and a session. axe-core checks every page,
at desktop width and at phone width."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
from playwright.sync_api import expect

from recoverynet.colleges.models import RegistrationQuestion, StaffInvitation, Venue
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.colleges.services import student as student_services
from recoverynet.core import tokens
from tests.browser.a11y import assert_accessible
from tests.browser.test_events import click_and_load, sign_in
from tests.browser.test_first_hour import overflow
from tests.browser.test_pages import h1, visit
from tests.colleges.conftest import build_college_world, make_course, make_student, make_term
from tests.conftest import World, make_user

pytestmark = pytest.mark.browser


def _pages(cw: Any, term: Any, course: Any, session: Any, question: Any) -> list[tuple[str, str]]:
    base = f"/manage/colleges/{cw.college.slug}"
    venue = Venue.objects.get(college=cw.college, name="The Hub")
    return [
        (f"{base}/public-page/", "Change the public page"),
        (f"{base}/venues/", "Venues"),
        (f"{base}/venues/{venue.pk}/", "Change The Hub"),
        (f"{base}/staff/", "Staff roles"),
        (f"{base}/questions/", "Registration questions"),
        (f"{base}/questions/{question.pk}/", "Change a registration question"),
        (f"{base}/terms/{term.slug}/change/", f"Change {term.name}"),
        (f"{base}/courses/{course.public_id}/change/", f"Change {course.title}"),
        (f"{base}/courses/{course.public_id}/sessions/{session.public_id}/", "Change session 1"),
        (
            f"{base}/courses/{course.public_id}/sessions/{session.public_id}/delete/",
            "Delete session 1",
        ),
    ]


def test_manager_sets_the_college_up(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    make_course(cw, make_term(cw))
    sign_in(page, cw.manager.email)

    visit(page, f"/manage/colleges/{cw.college.slug}/", "Alpha Recovery College")
    click_and_load(page, page.get_by_role("link", name="Venues"))
    expect(h1(page)).to_have_text("Venues")
    page.get_by_label("Name", exact=True).fill("   ")
    click_and_load(page, page.get_by_role("button", name="Add the venue"))
    expect(page.locator(".nhsuk-error-summary")).to_be_visible()
    assert_accessible(page)
    page.get_by_label("Name", exact=True).fill("The Library")
    page.get_by_label("Access information (optional)").fill("Lift to every floor.")
    click_and_load(page, page.get_by_role("button", name="Add the venue"))
    expect(page.locator("main")).to_contain_text("Lift to every floor.")
    assert_accessible(page)

    page.goto(f"/manage/colleges/{cw.college.slug}/")
    click_and_load(page, page.get_by_role("link", name="Registration questions"))
    page.get_by_label("Question", exact=True).fill("How did you hear about us?")
    click_and_load(page, page.get_by_role("button", name="Add the question"))
    expect(page.locator("main")).to_contain_text("How did you hear about us?")
    assert_accessible(page)
    assert RegistrationQuestion.objects.filter(college=cw.college).count() == 1

    page.goto(f"/manage/colleges/{cw.college.slug}/")
    click_and_load(page, page.get_by_role("link", name="Staff roles"))
    page.get_by_label("Their e-mail address").fill("not an address")
    click_and_load(page, page.get_by_role("button", name="Give the role"))
    expect(page.locator(".nhsuk-error-summary")).to_contain_text("e-mail address")
    assert_accessible(page)
    # Nobody has an account with this address: they are invited, and the invitation is listed.
    page.get_by_label("Their e-mail address").fill("nobody@example.org")
    click_and_load(page, page.get_by_role("button", name="Give the role"))
    expect(page.locator("main")).to_contain_text("We have sent an invitation to nobody@example.org")
    expect(page.locator("main")).to_contain_text("Invitations waiting")
    assert_accessible(page)

    page.goto(f"/manage/colleges/{cw.college.slug}/")
    click_and_load(page, page.get_by_role("link", name="Change the public page"))
    page.get_by_label("Who the college is for").fill("Anyone aged 16 or over.")
    click_and_load(page, page.get_by_role("button", name="Save the public page"))
    expect(h1(page)).to_have_text("Alpha Recovery College")
    expect(page.locator("main")).to_contain_text("Anyone aged 16 or over.")
    assert_accessible(page)


def test_every_setup_page_is_accessible_at_both_widths(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    term = make_term(cw)
    course = make_course(cw, term)
    session = course.sessions.get(number=1)
    question = student_services.question_add(
        actor=cw.manager, college=cw.college, label="How did you hear about us?"
    )
    sign_in(page, cw.manager.email)
    pages = _pages(cw, term, course, session, question)
    for path, heading in pages:
        visit(page, path, heading)
    for width in (390, 320):
        page.set_viewport_size({"width": width, "height": 844})
        for path, heading in pages:
            visit(page, path, heading)
            assert overflow(page) <= 1, f"{path} is wider than a {width} px screen"


def test_manager_deletes_a_session_after_reading_what_will_happen(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    course = make_course(cw, make_term(cw), sessions=3)
    user, _ = make_student(cw, "student.one@example.org", "Sol")
    enrolment_services.enrolment_create(actor=user, course=course)
    sign_in(page, cw.manager.email)
    visit(page, f"/manage/colleges/{cw.college.slug}/courses/{course.public_id}/", course.title)
    click_and_load(page, page.get_by_role("link", name="Delete session 2"))
    expect(h1(page)).to_have_text("Delete session 2")
    expect(page.locator("main")).to_contain_text("e-mail the 1 student with a place")
    assert_accessible(page)
    page.set_viewport_size({"width": 390, "height": 844})
    assert_accessible(page)
    assert overflow(page) <= 1
    click_and_load(page, page.get_by_role("button", name="Delete session 2"))
    expect(page.locator("main")).to_contain_text("Session 2 is deleted")
    assert_accessible(page)
    assert list(course.sessions.values_list("number", flat=True)) == [1, 2]


def test_invited_person_opens_the_link_and_accepts(page: Any, bworld: World) -> None:
    cw = build_college_world(bworld)
    token = tokens.issue("colleges.staff_invitation", ttl=datetime.timedelta(days=14))
    StaffInvitation.objects.create(
        college=cw.college,
        email="invited.trainer@example.org",
        role="peer_trainer",
        token_hash=token.hash,
        expires_at=token.expires_at,
    )
    path = f"/college-invitations/{token.raw}/"
    for width in (1280, 390):
        page.set_viewport_size({"width": width, "height": 844})
        visit(page, path, "You are invited to join Alpha Recovery College")
        expect(page.get_by_role("link", name="Create an account")).to_be_visible()
        assert overflow(page) <= 1
    make_user("invited.trainer@example.org")
    sign_in(page, "invited.trainer@example.org")
    visit(page, path, "You are invited to join Alpha Recovery College")
    click_and_load(page, page.get_by_role("button", name="Accept the invitation"))
    expect(page.locator("main")).to_contain_text("You are now peer trainer at Alpha Recovery")
    assert_accessible(page)
    visit(page, path, "You are invited to join Alpha Recovery College", status=410)
    expect(page.locator("main")).to_contain_text("has already been used")
