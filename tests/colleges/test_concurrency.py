"""Many students racing for the last places on a course, on a real PostgreSQL (row locks)."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from recoverynet.colleges.models import Enrolment, EnrolmentStatus
from recoverynet.colleges.services import enrolment as enrolment_services
from tests.conftest import build_world

from .conftest import build_college_world, make_course, make_student, make_term

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def _race(target: list[object], work: object) -> tuple[list[str], list[BaseException]]:
    barrier = threading.Barrier(len(target))
    results: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            outcome = work(i)  # type: ignore[operator]
            with lock:
                results.append(outcome)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(target))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results, errors


def test_many_students_enrolling_at_once_never_overbook() -> None:
    cw = build_college_world(build_world())
    capacity, racers = 5, 20
    course = make_course(cw, make_term(cw), capacity=capacity)
    users = [make_student(cw, f"racer{i}@example.org")[0] for i in range(racers)]

    def enrol(i: int) -> str:
        return enrolment_services.enrolment_create(actor=users[i], course=course).status

    results, errors = _race(users, enrol)
    assert errors == []
    assert sorted(results).count("enrolled") == capacity
    assert sorted(results).count("waiting") == racers - capacity
    assert (
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.ENROLLED).count() == capacity
    )
    assert Enrolment.objects.filter(course=course).count() == racers


def test_the_same_student_enrolling_twice_at_once_gets_one_place() -> None:
    cw = build_college_world(build_world())
    course = make_course(cw, make_term(cw), capacity=3)
    user, _ = make_student(cw, "double@example.org")

    def enrol(_: int) -> str:
        return enrolment_services.enrolment_create(actor=user, course=course).status

    results, errors = _race([0] * 6, enrol)
    assert results == ["enrolled"]
    assert len(errors) == 5
    assert all(getattr(e, "code", "") == "already_enrolled" for e in errors)
    assert Enrolment.objects.filter(course=course).count() == 1


def test_cancellations_and_enrolments_racing_never_overbook() -> None:
    cw = build_college_world(build_world())
    capacity = 4
    course = make_course(cw, make_term(cw), capacity=capacity)
    holders = [make_student(cw, f"holder{i}@example.org")[0] for i in range(capacity)]
    places = [enrolment_services.enrolment_create(actor=u, course=course) for u in holders]
    newcomers = [make_student(cw, f"new{i}@example.org")[0] for i in range(8)]
    work_items = list(range(capacity + len(newcomers)))

    def act(i: int) -> str:
        if i < capacity:
            return enrolment_services.enrolment_cancel(actor=holders[i], enrolment=places[i]).status
        return enrolment_services.enrolment_create(
            actor=newcomers[i - capacity], course=course
        ).status

    _, errors = _race(work_items, act)
    assert errors == []
    held = Enrolment.objects.filter(
        course=course, status__in=[EnrolmentStatus.ENROLLED, EnrolmentStatus.OFFERED]
    ).count()
    assert held <= capacity
    # Nobody lost: every newcomer has a place, an offer, or is waiting.
    assert Enrolment.objects.filter(course=course, student__user__in=newcomers).count() == 8
