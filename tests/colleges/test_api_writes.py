"""API writes for terms, courses and sessions: the same services as the pages, JSON errors that
name the field, nothing written on bad input, and nobody but the college's runners gets in."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from recoverynet.colleges.models import Course, CourseSession, Term
from recoverynet.core.models import AuditEntry
from tests.conftest import token_client

from .conftest import CollegeWorld, make_course, make_term

pytestmark = pytest.mark.django_db
COURSE = {
    "title": "Walking and talking",
    "topic": "living_well",
    "what_you_will_learn": "How a walk can help.",
    "capacity": 10,
}


def _send(client, method: str, url: str, body: object):  # type: ignore[no-untyped-def]
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


def _field(response) -> str:  # type: ignore[no-untyped-def]
    body = response.json()
    return body["errors"][0]["field"] if body.get("errors") else body.get("field", "")


def test_term_create_update_and_copy(cw: CollegeWorld) -> None:
    api = token_client(cw.manager)
    made = _send(
        api,
        "post",
        "/api/v1/colleges/alpha-college/terms",
        {"name": "Autumn 2027", "starts_on": "2027-09-06", "ends_on": "2027-12-10"},
    )
    assert made.status_code == 201, made.content
    assert made.json()["slug"] == "autumn-2027" and made.json()["status"] == "draft"
    changed = _send(
        api,
        "patch",
        "/api/v1/colleges/alpha-college/terms/autumn-2027",
        {"name": "Autumn 2027 (extended)", "ends_on": "2027-12-17"},
    )
    assert changed.status_code == 200
    assert changed.json()["name"] == "Autumn 2027 (extended)"
    assert changed.json()["ends_on"] == "2027-12-17"
    spring = make_term(cw)
    make_course(cw, spring, title="Sleep well")
    copied = _send(
        api,
        "post",
        f"/api/v1/colleges/alpha-college/terms/{spring.slug}/copy",
        {"name": "Spring 2028", "starts_on": "2028-01-03", "ends_on": "2028-04-01"},
    )
    assert copied.status_code == 201
    new = Term.objects.get(public_id=copied.json()["id"])
    assert new.copied_from == spring
    assert [c.title for c in new.courses.all()] == ["Sleep well"]
    also = _send(
        api,
        "post",
        "/api/v1/colleges/alpha-college/terms",
        {
            "name": "Summer 2028",
            "starts_on": "2028-05-01",
            "ends_on": "2028-07-01",
            "copy_from": spring.slug,
        },
    )
    assert also.status_code == 201
    assert AuditEntry.objects.filter(action="colleges.term.updated").exists()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"name": "   ", "starts_on": "2027-09-06", "ends_on": "2027-12-10"}, "name"),
        ({"name": "A\x00B", "starts_on": "2027-09-06", "ends_on": "2027-12-10"}, "name"),
        ({"name": None, "starts_on": "2027-09-06", "ends_on": "2027-12-10"}, "name"),
        ({"name": "x" * 101, "starts_on": "2027-09-06", "ends_on": "2027-12-10"}, "name"),
        ({"name": "Autumn", "starts_on": "2027-09-06", "ends_on": "2027-01-10"}, "ends_on"),
        ({"name": "Autumn", "starts_on": "someday", "ends_on": "2027-01-10"}, "starts_on"),
    ],
)
def test_bad_terms_are_refused_naming_the_field(cw: CollegeWorld, body: dict, field: str) -> None:
    response = _send(token_client(cw.manager), "post", "/api/v1/colleges/alpha-college/terms", body)
    assert response.status_code in (400, 422)
    assert _field(response) == field
    assert not Term.objects.exists()


def test_null_in_a_patch_is_refused(cw: CollegeWorld) -> None:
    term = make_term(cw)
    api = token_client(cw.manager)
    url = f"/api/v1/colleges/alpha-college/terms/{term.slug}"
    response = _send(api, "patch", url, {"name": None})
    assert response.status_code == 422 and _field(response) == "name"
    term.refresh_from_db()
    assert term.name == "Spring 2027"


def test_course_create_update_and_sessions(cw: CollegeWorld) -> None:
    term = make_term(cw)
    api = token_client(cw.administrator)
    made = _send(api, "post", f"/api/v1/colleges/alpha-college/terms/{term.slug}/courses", COURSE)
    assert made.status_code == 201, made.content
    body = made.json()
    assert body["status"] == "draft" and body["capacity"] == 10 and body["sessions"] == []
    session = _send(
        api,
        "post",
        f"/api/v1/courses/{body['id']}/sessions",
        {
            "starts_at": "2027-01-12T10:00:00Z",
            "ends_at": "2027-01-12T12:00:00Z",
            "venue": "The Hub",
        },
    )
    assert session.status_code == 201, session.content
    assert session.json()["number"] == 1 and session.json()["venue"] == "The Hub"
    moved = _send(
        api,
        "put",
        f"/api/v1/courses/{body['id']}/sessions/{session.json()['public_id']}",
        {"starts_at": "2027-01-13T10:00:00Z", "ends_at": "2027-01-13T12:00:00Z", "online": True},
    )
    assert moved.status_code == 200 and moved.json()["online"] is True
    changed = _send(
        api,
        "patch",
        f"/api/v1/courses/{body['id']}",
        {"capacity": 14, "first_session_required": True, "min_sessions_to_complete": None},
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["capacity"] == 14 and changed.json()["first_session_required"] is True


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"title": "  "}, "title"),
        ({"title": None}, "title"),
        ({"capacity": 0}, "capacity"),
        ({"topic": "astrology"}, "topic"),
        ({"what_you_will_learn": "x" * 4001}, "what_you_will_learn"),
        ({"min_sessions_to_complete": 9}, "min_sessions_to_complete"),
        ({"who_for": "a\x00b"}, "who_for"),
    ],
)
def test_bad_course_changes_are_refused(cw: CollegeWorld, change: dict, field: str) -> None:
    course = make_course(cw, make_term(cw), sessions=2)
    response = _send(
        token_client(cw.manager), "patch", f"/api/v1/courses/{course.public_id}", change
    )
    assert response.status_code in (400, 422), response.content
    assert _field(response) == field
    course.refresh_from_db()
    assert course.title == "Understanding anxiety" and course.capacity == 12


def test_bad_sessions_are_refused(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), sessions=1, publish=False)
    api = token_client(cw.manager)
    url = f"/api/v1/courses/{course.public_id}/sessions"
    for body, field in (
        (
            {
                "starts_at": "2027-01-12T12:00:00Z",
                "ends_at": "2027-01-12T10:00:00Z",
                "online": True,
            },
            "ends_at",
        ),
        ({"starts_at": "2027-01-12T10:00:00Z", "ends_at": "2027-01-12T12:00:00Z"}, "venue"),
        (
            {
                "starts_at": "2027-01-12T10:00:00Z",
                "ends_at": "2027-01-12T12:00:00Z",
                "venue": "Mars",
            },
            "venue",
        ),
    ):
        response = _send(api, "post", url, body)
        assert response.status_code == 422 and _field(response) == field
    assert CourseSession.objects.filter(course=course).count() == 1


def test_only_the_colleges_runners_may_write(cw: CollegeWorld) -> None:
    term = make_term(cw)
    course = make_course(cw, term)
    body = {"name": "Hijack", "starts_on": "2027-09-06", "ends_on": "2027-12-10"}
    for who in (cw.peer_trainer, cw.advisor, cw.other_manager, cw.world.outsider):
        api = token_client(who)
        assert _send(api, "post", "/api/v1/colleges/alpha-college/terms", body).status_code in (
            403,
            404,
        )
        url = f"/api/v1/colleges/alpha-college/terms/{term.slug}/courses"
        assert _send(api, "post", url, COURSE).status_code in (403, 404)
        patch = _send(api, "patch", f"/api/v1/courses/{course.public_id}", {"capacity": 99})
        assert patch.status_code in (403, 404)
    anonymous = _send(Client(), "post", "/api/v1/colleges/alpha-college/terms", body)
    assert anonymous.status_code == 401
    assert not Term.objects.filter(name="Hijack").exists()
    assert Course.objects.get(pk=course.pk).capacity == 12
    assert Course.objects.count() == 1


def test_the_writes_are_in_the_openapi_schema(cw: CollegeWorld) -> None:
    schema = Client().get("/api/v1/openapi.json").json()
    paths = schema["paths"]
    assert "post" in paths["/api/v1/colleges/{slug}/terms"]
    assert "patch" in paths["/api/v1/courses/{course_id}"]
    assert "post" in paths["/api/v1/colleges/{slug}/terms/{term}/copy"]
