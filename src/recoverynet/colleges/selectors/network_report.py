"""The Learning Network's report across member colleges: each college's courses, sessions,
enrolments, students, attendance and co-facilitation, and the network's own work (learning days,
fidelity, peer reviews, mentoring). Counts of people below `SUPPRESS_PEOPLE_BELOW`, and anything
worked out from them, are suppressed: everyone who sees this page is outside most of the colleges."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q

from recoverynet.accounts.actors import Actor
from recoverynet.core import aggregates
from recoverynet.core.errors import PermissionDenied
from recoverynet.network.models import Network

from .. import network_access as access
from ..models import (
    Attendance,
    College,
    Course,
    CourseSession,
    Enrolment,
    EnrolmentStatus,
    FacilitatorRole,
)
from ..models.network import LearningDay, MentoringPair, PeerReview, PeerReviewStatus
from .fidelity import fidelity_distribution

ATTENDED = ("present", "late")


@dataclass(frozen=True)
class CollegeRow:
    college: College
    courses: int
    sessions: int
    co_facilitated: int
    enrolments: int | None  # None: suppressed (a count of people below the threshold)
    students: int | None
    attendance_rate: int | None  # per cent of marked places attended

    @property
    def co_facilitated_rate(self) -> int | None:
        return round(100 * self.co_facilitated / self.sessions) if self.sessions else None


@dataclass(frozen=True)
class NetworkReport:
    network: Network
    rows: list[CollegeRow]
    minimum: int
    learning_days: int
    peer_reviews: dict[str, int]
    mentoring_active: int
    mentoring_ended: int
    fidelity: Any


def network_report(*, actor: Actor, network: Network) -> NetworkReport:
    """For the network team. A fixed number of queries however many colleges."""
    if not access.is_team(actor, network.pk):
        raise PermissionDenied("Only the network team sees the report across colleges.")
    minimum = aggregates.people_minimum()
    colleges = list(College.objects.filter(networks=network).order_by("name"))
    ids = [c.pk for c in colleges]
    courses = Counter(
        dict(
            Course.objects.filter(term__college_id__in=ids, status="published")
            .values_list("term__college_id")
            .annotate(n=Count("pk"))
            .values_list("term__college_id", "n")
        )
    )
    sessions = (
        CourseSession.objects.filter(course__term__college_id__in=ids, course__status="published")
        .annotate(
            peers=Count("facilitators", filter=Q(facilitators__role=FacilitatorRole.PEER_TRAINER)),
            pros=Count(
                "facilitators", filter=Q(facilitators__role=FacilitatorRole.PROFESSIONAL_TRAINER)
            ),
        )
        .values_list("course__term__college_id", "peers", "pros")
    )
    session_count: Counter[int] = Counter()
    co_facilitated: Counter[int] = Counter()
    for college_id, peers, pros in sessions:
        session_count[college_id] += 1
        co_facilitated[college_id] += bool(peers and pros)
    enrolled = Enrolment.objects.filter(
        course__term__college_id__in=ids, status=EnrolmentStatus.ENROLLED
    ).values_list("course__term__college_id", "student_id")
    enrolments: Counter[int] = Counter()
    students: dict[int, set[int]] = {}
    for college_id, student_id in enrolled:
        enrolments[college_id] += 1
        students.setdefault(college_id, set()).add(student_id)
    marks = Attendance.objects.filter(session__course__term__college_id__in=ids).values_list(
        "session__course__term__college_id", "mark"
    )
    marked: Counter[int] = Counter()
    attended: Counter[int] = Counter()
    for college_id, mark in marks:
        marked[college_id] += 1
        attended[college_id] += mark in ATTENDED
    rows = []
    for college in colleges:
        people = len(students.get(college.pk, ()))
        shown = people >= minimum
        rows.append(
            CollegeRow(
                college=college,
                courses=courses.get(college.pk, 0),
                sessions=session_count[college.pk],
                co_facilitated=co_facilitated[college.pk],
                enrolments=enrolments[college.pk] if shown else None,
                students=people if shown else None,
                attendance_rate=round(100 * attended[college.pk] / marked[college.pk])
                if shown and marked[college.pk]
                else None,
            )
        )
    stages = Counter(PeerReview.objects.filter(network=network).values_list("status", flat=True))
    pairs = MentoringPair.objects.filter(network=network).aggregate(
        active=Count("pk", filter=Q(ended_on__isnull=True)),
        ended=Count("pk", filter=Q(ended_on__isnull=False)),
    )
    return NetworkReport(
        network=network,
        rows=rows,
        minimum=minimum,
        learning_days=LearningDay.objects.filter(network=network).count(),
        peer_reviews={PeerReviewStatus(k).label: n for k, n in stages.items()},
        mentoring_active=pairs["active"],
        mentoring_ended=pairs["ended"],
        fidelity=fidelity_distribution(actor=actor, network=network),
    )
