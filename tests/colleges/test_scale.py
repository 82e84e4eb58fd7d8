"""`recoverynet generate_scale` for Recovery Colleges at a small factor: rows in proportion, the
services' rules kept (places, waiting lists, attendance, completion, co-facilitation), the busy
college and course the benchmark needs, the same data from the same seed, and the pages and API
lists the benchmark hits answering on the generated data."""

from __future__ import annotations

import datetime

import pytest
from django.db import transaction
from django.db.models import Count, F, Max, Q
from django.test import Client

from recoverynet.accounts.models import User
from recoverynet.colleges import fidelity as structure
from recoverynet.colleges.models import (
    Attendance,
    Certificate,
    College,
    CollegeStaff,
    Course,
    CourseSession,
    CourseStatus,
    Enrolment,
    EnrolmentStatus,
    Facilitator,
    LearningPlan,
    StaffRole,
    Student,
    Term,
    TermStatus,
    Venue,
)
from recoverynet.colleges.models.network import (
    FidelityReview,
    FidelityStatus,
    MentorCapacity,
    MentoringPair,
    PeerReview,
)
from recoverynet.colleges.selectors.learning import enrolment_completed
from recoverynet.network.models import Affiliation, Membership, NetworkRole
from recoverynet.network.scale import SCALE_DOMAIN
from tests.conftest import token_client
from tests.scale_data import generate_scale

pytestmark = pytest.mark.django_db

ANCHOR = datetime.datetime(2026, 12, 4, 9, 30, tzinfo=datetime.UTC)


def _generate(seed: int = 17) -> None:
    generate_scale("network,events,colleges", seed=seed)


def _busy() -> tuple[College, Course]:
    college = College.objects.order_by("pk").first()
    assert college is not None
    course = Course.objects.get(term__college=college, capacity=30, sessions__number=12)
    return college, course


def test_it_makes_colleges_courses_and_students_in_proportion() -> None:
    _generate()
    assert College.objects.count() == 3  # the minimum: one per network
    assert set(College.objects.values_list("networks__slug", flat=True)) == {
        "uk",
        "ari",
        "imroc-au",
    }
    assert Venue.objects.count() == 6
    assert Term.objects.count() == 18
    assert 80 <= Course.objects.count() <= 100  # 22,500 at full size
    sessions = CourseSession.objects.count()
    assert 3.2 <= sessions / Course.objects.count() <= 4.6  # about 4 a course
    assert Facilitator.objects.count() >= 2 * sessions * 0.95
    assert Student.objects.count() == 400  # 100,000 at full size
    assert not Student.objects.exclude(user__email__endswith=f"@{SCALE_DOMAIN}").exists()
    enrolments = Enrolment.objects.count()
    assert 1_000 <= enrolments <= 1_600  # about 300,000 at full size
    assert 2.0 <= Attendance.objects.count() / enrolments <= 3.6  # past sessions only
    assert Certificate.objects.count() > 0
    plans = LearningPlan.objects.count()
    assert 50 <= plans <= 110  # a fifth of the students
    assert FidelityReview.objects.exists()
    # Peer reviews and mentoring need two colleges in one network: none at this size.
    assert not PeerReview.objects.exists()


def test_every_college_has_its_terms_staff_and_network() -> None:
    _generate()
    leads_and_team = set(
        Affiliation.objects.filter(role="recovery_lead").values_list("user", flat=True)
    )
    leads_and_team |= set(NetworkRole.objects.values_list("user", flat=True))
    for college in College.objects.prefetch_related("networks", "terms", "staff"):
        member_of = set(
            Membership.objects.filter(organisation=college.organisation_id).values_list(
                "network", flat=True
            )
        )
        assert {n.pk for n in college.networks.all()} <= member_of
        terms = sorted(college.terms.all(), key=lambda t: t.starts_on)
        assert len(terms) == 6
        assert all(t.status == TermStatus.PUBLISHED for t in terms)
        assert terms[-1].starts_on <= ANCHOR.date() <= terms[-1].ends_on  # the current prospectus
        assert all(t.ends_on < ANCHOR.date() for t in terms[:-1])
        roles = {row.role for row in college.staff.all()}
        assert roles == set(StaffRole.values)
        assert not {row.user_id for row in college.staff.all()} & leads_and_team


def test_places_waiting_lists_attendance_and_certificates_follow_the_rules() -> None:
    _generate()
    courses = Course.objects.annotate(
        enrolled=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)),
        offered=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.OFFERED)),
        waiting=Count("enrolments", filter=Q(enrolments__status=EnrolmentStatus.WAITING)),
        total=Count("enrolments"),
    )
    for course in courses:
        assert course.enrolled + course.offered <= course.capacity
        if course.waiting:  # a queue only on a full course
            assert course.enrolled + course.offered == course.capacity
        if course.status == CourseStatus.DRAFT:
            assert course.total == 0
    assert not Enrolment.objects.filter(
        status=EnrolmentStatus.OFFERED, offer_expires_at__isnull=True
    ).exists()
    queued = Enrolment.objects.filter(status__in=[EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED])
    for enrolment in queued.annotate(last=Max("course__sessions__starts_at")):
        assert enrolment.last > ANCHOR  # only on courses still running
    # Marks: enrolled students, their own course's sessions, already past.
    assert not Attendance.objects.exclude(enrolment__status=EnrolmentStatus.ENROLLED).exists()
    assert not Attendance.objects.exclude(session__course=F("enrolment__course")).exists()
    assert not Attendance.objects.filter(session__starts_at__gte=ANCHOR).exists()
    assert not Attendance.objects.filter(
        session__number=1, session__course__first_session_required=True, mark="absent"
    ).exists()
    for certificate in Certificate.objects.select_related("enrolment__course"):
        assert enrolment_completed(certificate.enrolment)
    assert not Certificate.objects.values("enrolment").annotate(n=Count("pk")).filter(n__gt=1)
    # Co-facilitation: a peer and a professional trainer at every session, or a recorded reason.
    for course in Course.objects.prefetch_related("sessions__facilitators", "term"):
        roles_by_session = [{f.role for f in s.facilitators.all()} for s in course.sessions.all()]
        if any(not {"peer_trainer", "professional_trainer"} <= r for r in roles_by_session):
            assert course.cofacilitation_reason
    for facilitator in Facilitator.objects.filter(
        role__in=["peer_trainer", "professional_trainer"]
    ).select_related("session__course__term"):
        assert CollegeStaff.objects.filter(
            college=facilitator.session.course.term.college_id,
            user=facilitator.user_id,
            role=facilitator.role,
        ).exists()
    for plan in LearningPlan.objects.select_related("student").prefetch_related("courses__term"):
        assert all(c.term.college_id == plan.student.college_id for c in plan.courses.all())
        if plan.shared_with_id:
            assert CollegeStaff.objects.filter(
                college=plan.student.college_id,
                user=plan.shared_with_id,
                role=StaffRole.LEARNING_ADVISOR,
            ).exists()
    open_reviews = FidelityReview.objects.filter(status=FidelityStatus.OPEN)
    assert not open_reviews.values("college").annotate(n=Count("pk")).filter(n__gt=1)
    for review in FidelityReview.objects.filter(status=FidelityStatus.CLOSED):
        assert review.agreements.count() == len(structure.COMPONENTS)
    for capacity in MentorCapacity.objects.all():
        active = MentoringPair.objects.filter(mentor=capacity.college_id, ended_on__isnull=True)
        assert active.count() <= capacity.capacity


def test_the_busy_college_and_course_are_there() -> None:
    _generate()
    college, course = _busy()
    assert college.networks.get().slug == "uk"
    counts = Student.objects.values("college").annotate(n=Count("pk")).order_by("-n")
    assert counts[0]["college"] == college.pk and counts[0]["n"] == 200  # 2,000 at full size
    assert course.term.starts_on <= ANCHOR.date() <= course.term.ends_on
    assert course.status == CourseStatus.PUBLISHED
    assert course.enrolments.filter(status=EnrolmentStatus.ENROLLED).count() == 30
    assert course.enrolments.filter(status=EnrolmentStatus.WAITING).count() == 5
    past = course.sessions.filter(starts_at__lt=ANCHOR)
    assert past.count() == 10
    for session in past:
        assert session.attendance.count() == 30  # a full register
    student = Student.objects.filter(college=college).order_by("pk").first()
    assert student is not None
    assert student.enrolments.filter(course=course).exists()
    assert student.enrolments.count() >= 12
    assert student.learning_plan.shared_with_id is not None
    assert student.learning_plan.notes.count() >= 3


def test_the_same_seed_builds_the_same_colleges() -> None:
    def fingerprint() -> tuple[object, ...]:
        return (
            list(
                Course.objects.order_by("public_id").values_list("public_id", "title", "capacity")
            ),
            list(
                Enrolment.objects.order_by("public_id").values_list(
                    "public_id", "status", "course__public_id"
                )
            ),
            sorted(
                Attendance.objects.values_list("enrolment__public_id", "session__number", "mark")
            ),
        )

    prints = []
    for _ in range(2):
        with transaction.atomic():
            _generate()
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1]


def test_the_benchmarked_pages_answer_on_the_generated_data() -> None:
    _generate()
    college, course = _busy()
    term = course.term
    session = course.sessions.filter(starts_at__lt=ANCHOR).order_by("-number").first()
    assert session is not None
    manager = User.objects.get(
        college_roles__college=college, college_roles__role=StaffRole.MANAGER
    )
    student = Student.objects.filter(college=college).order_by("pk").select_related("user")[0]
    plan = student.learning_plan
    slug = college.slug
    anyone = Client()
    for url in (
        "/colleges/",
        f"/colleges/{slug}/",
        f"/colleges/{slug}/terms/{term.slug}/",
        f"/courses/{course.public_id}/",
        "/api/v1/colleges",
        f"/api/v1/colleges/{slug}/terms/{term.slug}/courses",
        f"/api/v1/courses/{course.public_id}",
    ):
        assert anyone.get(url).status_code == 200, url
    staff = Client()
    staff.force_login(manager)
    for url in (
        f"/manage/colleges/{slug}/",
        f"/manage/colleges/{slug}/terms/{term.slug}/",
        f"/manage/colleges/{slug}/courses/{course.public_id}/",
        f"/manage/colleges/{slug}/sessions/{session.pk}/register/",
        f"/manage/colleges/{slug}/terms/{term.slug}/report/",
        f"/colleges/{slug}/fidelity/",
    ):
        assert staff.get(url).status_code == 200, url
    api_staff = token_client(manager, scopes=("read",))
    rows = api_staff.get(f"/api/v1/sessions/{session.pk}/attendance").json()
    assert len(rows) == 30 and all(r["mark"] for r in rows)
    learner = Client()
    learner.force_login(student.user)
    for url in (
        "/my-learning/",
        f"/learning-plans/{plan.public_id}/",
        f"/colleges/{slug}/my-plan/",
    ):
        assert learner.get(url).status_code == 200, url
    mine = token_client(student.user, scopes=("read",)).get("/api/v1/me/enrolments").json()
    assert len(mine) == student.enrolments.exclude(status=EnrolmentStatus.EXPIRED).count()


def test_the_report_and_the_enrol_for_list_read_no_more_than_they_need() -> None:
    """At full size these two read every session and every person (bench/pages.py's EXPLAIN): the
    report's marks are fetched unsorted, and the enrol-for list reads names, not accounts."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    _generate()
    college, course = _busy()
    manager = User.objects.get(
        college_roles__college=college, college_roles__role=StaffRole.MANAGER
    )
    staff = Client()
    staff.force_login(manager)
    manage = f"/manage/colleges/{college.slug}"
    with CaptureQueriesContext(connection) as report:
        assert staff.get(f"{manage}/terms/{course.term.slug}/report/").status_code == 200
    marks = [q["sql"] for q in report if 'FROM "colleges_attendance"' in q["sql"]]
    assert marks and all("ORDER BY" not in sql for sql in marks)
    with CaptureQueriesContext(connection) as page:
        response = staff.get(f"{manage}/courses/{course.public_id}/")
    assert response.status_code == 200
    students = [q["sql"] for q in page if q["sql"].startswith('SELECT "colleges_student"')]
    assert students and all("accounts_user" not in sql for sql in students)
    assert Student.objects.filter(college=college).order_by("preferred_name")[0].preferred_name in (
        response.content.decode()
    )
