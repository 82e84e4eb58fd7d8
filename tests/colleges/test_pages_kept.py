"""A college's public pages are kept for signed-out visitors, and a student's own pages for them,
until something they show is written through a service (issue #17; colleges/public_pages.py)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.core.cache import cache
from django.test import Client

from recoverynet.colleges.services import enrolment as enrolment_services

from .conftest import make_course, make_student, make_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def kept(settings: Any) -> Iterator[None]:
    cache.clear()
    settings.REDIS_URL = "redis://shared.example:6379/0"  # what says the cache is shared
    settings.PAGE_CACHE_SECONDS = 60
    settings.PRIVATE_PAGE_CACHE_SECONDS = 60
    yield
    cache.clear()


def test_the_prospectus_is_kept_until_an_enrolment_takes_a_place(
    kept: None, cw: Any, django_assert_num_queries: Any, django_capture_on_commit_callbacks: Any
) -> None:
    term = make_term(cw)
    course = make_course(cw, term, capacity=5)
    path = f"/colleges/{cw.college.slug}/terms/{term.slug}/"
    first = Client().get(path)
    assert first["X-Page-Cache"] == "miss" and "5 places left" in first.content.decode()
    with django_assert_num_queries(0):
        again = Client().get(path)
    assert again["X-Page-Cache"] == "hit" and again.content == first.content
    api = f"/api/v1/colleges/{cw.college.slug}/terms/{term.slug}/courses"
    Client().get(api)
    assert Client().get(api)["X-Page-Cache"] == "hit"
    user, _student = make_student(cw, "learner@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_services.enrolment_create(actor=user, course=course)
    after = Client().get(path)
    assert after["X-Page-Cache"] == "miss" and "4 places left" in after.content.decode()
    assert Client().get(api)["X-Page-Cache"] == "miss"


def test_a_signed_in_visitor_gets_their_own_page(kept: None, cw: Any) -> None:
    term = make_term(cw)
    make_course(cw, term)
    path = f"/colleges/{cw.college.slug}/terms/{term.slug}/"
    Client().get(path)
    staff = Client()
    staff.force_login(cw.manager)
    assert "X-Page-Cache" not in staff.get(path)


def test_my_learning_is_kept_for_the_student_until_they_enrol(
    kept: None, cw: Any, django_capture_on_commit_callbacks: Any
) -> None:
    term = make_term(cw)
    course = make_course(cw, term)
    user, _student = make_student(cw, "learner@example.org")
    client = Client()
    client.force_login(user)
    client.cookies["csrftoken"] = "k" * 32  # as a browser has it after its first page
    first = client.get("/my-learning/")
    assert first["X-Page-Cache"] == "miss" and course.title not in first.content.decode()
    assert client.get("/my-learning/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        enrolment_services.enrolment_create(actor=user, course=course)
    after = client.get("/my-learning/")
    assert after["X-Page-Cache"] == "miss" and course.title in after.content.decode()
    other = Client()
    other.force_login(make_student(cw, "someone@example.org")[0])
    other.cookies["csrftoken"] = "k" * 32
    assert course.title not in other.get("/my-learning/").content.decode()


def test_a_course_page_is_kept_and_asks_a_signed_out_visitor_to_sign_in(
    kept: None, cw: Any
) -> None:
    term = make_term(cw)
    course = make_course(cw, term, capacity=5)
    path = f"/courses/{course.public_id}/"
    first = Client().get(path)
    body = first.content.decode()
    assert "Sign in to enrol on this course" in body and "csrfmiddlewaretoken" not in body
    assert f"?next=/courses/{course.public_id}/" in body
    assert Client().get(path)["X-Page-Cache"] == "hit"
