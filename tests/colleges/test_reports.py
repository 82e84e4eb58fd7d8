from __future__ import annotations

from django.test import Client
from django.urls import reverse

from recoverynet.colleges.models import Attendance
from recoverynet.colleges.selectors import reports
from recoverynet.colleges.services import enrolment as enrolment_services
from recoverynet.core.errors import PermissionDenied
from tests.conftest import sign_in

from .conftest import CollegeWorld, make_course, make_student, make_term


def _term_with_students(cw: CollegeWorld, count: int):  # type: ignore[no-untyped-def]
    term = make_term(cw)
    course = make_course(cw, term, sessions=2, min_sessions_to_complete=2)
    for i in range(count):
        user, _ = make_student(cw, f"r{i}@example.org")
        enrolment = enrolment_services.enrolment_create(actor=user, course=course)
        for session in course.sessions.all():
            Attendance.objects.create(
                enrolment=enrolment, session=session, mark="present" if i % 2 == 0 else "absent"
            )
    return term


def test_college_sees_its_own_counts(cw: CollegeWorld) -> None:
    term = _term_with_students(cw, 4)
    report = reports.term_report(actor=cw.manager, term=term)
    assert (report.courses_run, report.sessions, report.enrolments) == (1, 2, 4)
    assert report.unique_students == 4
    assert report.attendance_rate == 50.0
    assert report.completion_rate == 50.0
    assert report.cofacilitated_share == 100.0


def test_network_team_sees_small_counts_suppressed(cw: CollegeWorld, settings) -> None:  # type: ignore[no-untyped-def]
    settings.SUPPRESS_PEOPLE_BELOW = 5
    term = _term_with_students(cw, 4)
    report = reports.term_report(actor=cw.world.coordinator_uk, term=term)
    assert report.suppressed
    assert report.enrolments is None and report.unique_students is None
    assert report.rows[0].enrolments is None and report.rows[0].attendance_rate is None
    assert reports.export_rows(report)[0][3] == "suppressed"


def test_others_may_not_see_reports(cw: CollegeWorld) -> None:
    term = _term_with_students(cw, 1)
    for outsider in (cw.other_manager, cw.peer_trainer, cw.world.coordinator_ie, cw.world.outsider):
        try:
            reports.term_report(actor=outsider, term=term)
        except PermissionDenied:
            continue
        raise AssertionError(f"{outsider} saw the report")


def test_report_page_charts_and_exports(cw: CollegeWorld) -> None:
    term = _term_with_students(cw, 3)
    url = reverse("colleges:term-report", args=[cw.college.slug, term.slug])
    client = sign_in(Client(), cw.manager)
    page = client.get(url).content.decode()
    assert "<svg" in page and "<table" in page
    csv = client.get(url, {"format": "csv"})
    body = b"".join(csv.streaming_content).decode()  # type: ignore[attr-defined]
    assert "Understanding anxiety" in body and "Completion %" in body
    xlsx = client.get(url, {"format": "xlsx"})
    assert xlsx.content[:2] == b"PK"
    assert sign_in(Client(), cw.world.outsider).get(url).status_code == 403
