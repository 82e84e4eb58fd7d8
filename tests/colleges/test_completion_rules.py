"""Completion rules as properties (hypothesis): a certificate never for someone who did not meet
the rule, and the rule's arithmetic holds for every attendance pattern."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from recoverynet.colleges.models import Attendance, Certificate
from recoverynet.colleges.rules import (
    CompletionRule,
    has_completed,
    is_cofacilitated,
    sessions_still_possible,
)
from recoverynet.colleges.services import attendance as attendance_services
from recoverynet.colleges.services import course as course_services
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core.errors import ApplicationError

from .conftest import CollegeWorld, make_course, make_student, make_term

MARKS = st.sampled_from(["present", "late", "absent", "excused"])


@st.composite
def rule_and_marks(draw: st.DrawFn) -> tuple[CompletionRule, dict[int, str]]:
    sessions = draw(st.integers(min_value=1, max_value=12))
    minimum = draw(st.one_of(st.none(), st.integers(min_value=1, max_value=sessions)))
    first = draw(st.booleans())
    numbers = draw(st.sets(st.integers(min_value=1, max_value=sessions)))
    marks = {n: draw(MARKS) for n in numbers}
    return CompletionRule(sessions=sessions, minimum=minimum, first_required=first), marks


@given(rule_and_marks())
def test_completed_means_enough_attended_and_the_first_when_required(
    case: tuple[CompletionRule, dict[int, str]],
) -> None:
    rule, marks = case
    attended = {n for n, m in marks.items() if m in ("present", "late")}
    expected = len(attended) >= rule.needed and (not rule.first_required or 1 in attended)
    assert has_completed(rule, marks) is expected


@given(rule_and_marks())
def test_completion_is_monotonic_in_attendance(case: tuple[CompletionRule, dict[int, str]]) -> None:
    """Marking one more session present never takes completion away."""
    rule, marks = case
    if has_completed(rule, marks):
        for n in range(1, rule.sessions + 1):
            assert has_completed(rule, {**marks, n: "present"})


@given(rule_and_marks())
def test_completed_implies_still_possible(case: tuple[CompletionRule, dict[int, str]]) -> None:
    rule, marks = case
    if has_completed(rule, marks):
        assert sessions_still_possible(rule, marks)


@given(st.integers(min_value=0, max_value=20), st.integers(min_value=1, max_value=40))
def test_a_rule_that_cannot_be_met_completes_nobody(sessions: int, minimum: int) -> None:
    rule = CompletionRule(sessions=sessions, minimum=minimum, first_required=False)
    everyone_present = {n: "present" for n in range(1, sessions + 1)}
    assert has_completed(rule, everyone_present) is (sessions >= 1 and minimum <= sessions)


def test_cofacilitation_needs_both_roles() -> None:
    assert is_cofacilitated(["peer_trainer", "professional_trainer", "volunteer"])
    assert not is_cofacilitated(["peer_trainer", "peer_trainer"])
    assert not is_cofacilitated([])


@settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(marks=st.lists(MARKS, min_size=3, max_size=3), minimum=st.integers(min_value=1, max_value=3))
@pytest.mark.django_db
def test_certificate_service_never_issues_to_someone_who_did_not_complete(
    cw: CollegeWorld, marks: list[str], minimum: int
) -> None:
    Certificate.objects.all().delete()
    Attendance.objects.all().delete()
    term = cw.college.terms.first() or make_term(cw)
    course = term.courses.first() or make_course(cw, term, sessions=3, first_session_required=True)
    course_services.course_update(actor=cw.manager, course=course, min_sessions_to_complete=minimum)
    enrolment = course.enrolments.first()
    if enrolment is None:
        user, _ = make_student(cw, "prop@example.org")
        enrolment = enrolment_services.enrolment_create(actor=user, course=course)
    for session, mark in zip(course.sessions.order_by("number"), marks, strict=True):
        Attendance.objects.create(enrolment=enrolment, session=session, mark=mark)
    attended = [m in ("present", "late") for m in marks]
    should = sum(attended) >= minimum and attended[0]
    if should:
        attendance_services.certificate_issue(actor=cw.manager, enrolment=enrolment)
        # Re-issuing replaces, never duplicates the current one.
        attendance_services.certificate_issue(actor=cw.manager, enrolment=enrolment)
        assert (
            Certificate.objects.filter(enrolment=enrolment, replaced_at__isnull=True).count() == 1
        )
    else:
        with pytest.raises(ApplicationError):
            attendance_services.certificate_issue(actor=cw.manager, enrolment=enrolment)
        assert not Certificate.objects.filter(enrolment=enrolment).exists()


def test_rules_that_cannot_be_met_and_bad_sessions_are_refused(cw: CollegeWorld) -> None:
    import datetime

    course = make_course(cw, make_term(cw), sessions=2, publish=False)
    with pytest.raises(ApplicationError) as caught:
        course_services.course_update(actor=cw.manager, course=course, min_sessions_to_complete=3)
    assert caught.value.field == "min_sessions_to_complete"
    start = datetime.datetime(2027, 2, 1, 10, tzinfo=datetime.UTC)
    with pytest.raises(ApplicationError) as wrong_order:
        course_services.session_add(
            actor=cw.manager, course=course, starts_at=start, ends_at=start, venue=cw.venue
        )
    assert wrong_order.value.field == "ends_at"


def test_capacity_below_enrolled_is_refused(cw: CollegeWorld) -> None:
    course = make_course(cw, make_term(cw), capacity=3)
    for i in range(2):
        user, _ = make_student(cw, f"cap{i}@example.org")
        enrolment_services.enrolment_create(actor=user, course=course)
    with pytest.raises(ApplicationError) as caught:
        course_services.course_update(actor=cw.manager, course=course, capacity=1)
    assert caught.value.field == "capacity"
    course.refresh_from_db()
    assert course.capacity == 3


def test_term_copy_brings_courses_sessions_and_facilitators(cw: CollegeWorld) -> None:
    import datetime

    term = make_term(cw)
    make_course(cw, term, title="Copied course")
    new = course_services.term_copy(
        actor=cw.manager,
        source=term,
        name="Summer 2027",
        starts_on=term.starts_on + datetime.timedelta(days=140),
        ends_on=term.ends_on + datetime.timedelta(days=140),
    )
    course = new.courses.get()
    assert course.title == "Copied course" and course.status == "draft"
    assert course.sessions.count() == 3
    assert course.sessions.first().facilitators.count() == 2  # type: ignore[union-attr]
    assert new.copied_from == term
