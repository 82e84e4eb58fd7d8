from __future__ import annotations

import json

from django.test import Client

from recoverynet.colleges.models import Attendance
from tests.conftest import make_user, sign_in, token_client

from .conftest import CollegeWorld, make_course, make_student, make_term


def test_public_reads(cw: CollegeWorld, django_assert_max_num_queries) -> None:  # type: ignore[no-untyped-def]
    term = make_term(cw)
    course = make_course(cw, term, title="Walking and talking")
    client = Client()
    colleges = client.get("/api/v1/colleges").json()
    assert {c["slug"] for c in colleges} == {"alpha-college", "beta-college"}
    detail = client.get("/api/v1/colleges/alpha-college").json()
    assert detail["venues"][0]["access_information"].startswith("Step-free")
    terms = client.get("/api/v1/colleges/alpha-college/terms").json()
    assert [t["name"] for t in terms] == ["Spring 2027"]
    for i in range(3):
        make_course(cw, term, title=f"Extra {i}")
    with django_assert_max_num_queries(8):
        courses = client.get(f"/api/v1/colleges/alpha-college/terms/{term.slug}/courses").json()
    assert len(courses) == 4
    one = client.get(f"/api/v1/courses/{course.public_id}").json()
    assert one["places_left"] == 12
    assert {f["role"] for f in one["sessions"][0]["facilitators"]} == {
        "peer_trainer",
        "professional_trainer",
    }
    assert client.get("/api/v1/colleges/nowhere").status_code == 404


def test_enrol_list_mine_and_cancel(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "api@example.org")
    client = token_client(user)
    created = client.post(f"/api/v1/courses/{course.public_id}/enrolments")
    assert created.status_code == 201
    body = created.json()
    assert body["status"] == "enrolled" and body["on_behalf"] is False
    twice = client.post(f"/api/v1/courses/{course.public_id}/enrolments")
    assert twice.status_code == 409
    assert twice.json()["code"] == "already_enrolled"
    mine = client.get("/api/v1/me/enrolments").json()
    assert [e["course_title"] for e in mine] == ["Understanding anxiety"]
    cancelled = client.post(f"/api/v1/enrolments/{body['id']}/cancel")
    assert cancelled.json()["status"] == "cancelled"
    # Another person cannot cancel it, or see it.
    other = token_client(make_user("otherapi@example.org"))
    assert other.post(f"/api/v1/enrolments/{body['id']}/cancel").status_code == 404


def test_not_registered_gets_a_clear_answer(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    response = token_client(cw.world.outsider).post(
        f"/api/v1/courses/{course.public_id}/enrolments"
    )
    assert response.status_code == 409
    assert response.json()["code"] == "not_registered"
    assert Client().post(f"/api/v1/courses/{course.public_id}/enrolments").status_code == 401


def test_attendance_for_staff_only_and_bad_marks_refused(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw))
    user, _ = make_student(cw, "att.api@example.org")
    enrolment = token_client(user).post(f"/api/v1/courses/{course.public_id}/enrolments").json()
    session = course.sessions.get(number=1)
    url = f"/api/v1/sessions/{session.pk}/attendance"
    trainer = sign_in(Client(), cw.professional_trainer)
    payload = {"marks": [{"enrolment": enrolment["id"], "mark": "present"}]}
    saved = trainer.put(url, json.dumps(payload), content_type="application/json")
    assert saved.status_code == 200
    assert saved.json()[0]["mark"] == "present"
    bad = trainer.put(
        url,
        json.dumps({"marks": [{"enrolment": enrolment["id"], "mark": "asleep"}]}),
        content_type="application/json",
    )
    assert bad.status_code == 422
    assert bad.json()["errors"][0]["field"].startswith("marks")
    assert Attendance.objects.get().mark == "present"
    assert token_client(user).get(url).status_code == 403
    assert sign_in(Client(), cw.other_manager).get(url).status_code == 403
