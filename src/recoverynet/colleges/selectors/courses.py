"""Reads for terms, the prospectus and courses. The prospectus and course pages are public; drafts
and co-facilitation warnings are for the college's staff."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import NotFound, PermissionDenied

from .. import access
from ..models import (
    College,
    Course,
    CourseSession,
    CourseStatus,
    EnrolmentStatus,
    Facilitator,
    Term,
    TermStatus,
)
from ..rules import cofacilitation_gaps

WEEKDAYS = [
    ("2", "Monday"),
    ("3", "Tuesday"),
    ("4", "Wednesday"),
    ("5", "Thursday"),
    ("6", "Friday"),
    ("7", "Saturday"),
    ("1", "Sunday"),
]


def _sessions_prefetch() -> Prefetch[Any]:
    return Prefetch(
        "sessions",
        queryset=CourseSession.objects.select_related("venue").prefetch_related(
            Prefetch("facilitators", queryset=Facilitator.objects.select_related("user"))
        ),
    )


def _with_places(courses: QuerySet[Course]) -> QuerySet[Course]:
    now = timezone.now()
    return courses.annotate(
        held=Count(
            "enrolments",
            filter=Q(enrolments__status=EnrolmentStatus.ENROLLED)
            | Q(enrolments__status=EnrolmentStatus.OFFERED, enrolments__offer_expires_at__gt=now),
        )
    )


def terms_for_college(*, actor: Actor, college: College) -> QuerySet[Term]:
    """Published terms for everyone; drafts too for the college's staff."""
    terms = Term.objects.filter(college=college).annotate(
        course_count=Count("courses", filter=Q(courses__status=CourseStatus.PUBLISHED))
    )
    if not access.is_staff_of(actor, college) and not access.can_run_college(actor, college):
        terms = terms.filter(status=TermStatus.PUBLISHED)
    return terms.order_by("-starts_on")


def term_get(*, actor: Actor, college: College, slug: str) -> Term:
    term = Term.objects.select_related("college").filter(college=college, slug=slug).first()
    if term is None or (
        term.status != TermStatus.PUBLISHED
        and not (access.is_staff_of(actor, college) or access.can_run_college(actor, college))
    ):
        raise NotFound("We could not find that term.")
    return term


@dataclass(frozen=True)
class ProspectusFilters:
    topic: str = ""
    mode: str = ""  # "online" | "in_person"
    venue: str = ""  # venue id
    day: str = ""  # Django week_day: 1 Sunday … 7 Saturday
    suitable_for: str = ""

    @classmethod
    def from_query(cls, query: Mapping[str, str]) -> ProspectusFilters:
        return cls(
            **{
                name: (query.get(name) or "").strip()[:40]
                for name in ("topic", "mode", "venue", "day", "suitable_for")
            }
        )


def prospectus(*, term: Term, filters: ProspectusFilters | None = None) -> QuerySet[Course]:
    """The published courses of a term (the term was fetched with `term_get`), filtered; each with
    its sessions, venues, facilitators and `held` places, in three queries however many there are."""
    filters = filters or ProspectusFilters()
    courses = Course.objects.filter(term=term, status=CourseStatus.PUBLISHED)
    if filters.topic:
        courses = courses.filter(topic=filters.topic)
    if filters.suitable_for:
        courses = courses.filter(suitable_for=filters.suitable_for)
    session_q = Q()
    if filters.mode == "online":
        session_q &= Q(online=True)
    elif filters.mode == "in_person":
        session_q &= Q(online=False)
    if filters.venue.isdigit():
        session_q &= Q(venue_id=int(filters.venue))
    if filters.day.isdigit():
        session_q &= Q(starts_at__week_day=int(filters.day))
    if session_q:
        courses = courses.filter(
            pk__in=CourseSession.objects.filter(session_q, course__term=term).values("course_id")
        )
    return _with_places(courses).prefetch_related(_sessions_prefetch()).order_by("title")


def course_get(*, actor: Actor, public_id: Any) -> Course:
    """One course: public once published; drafts for the college's staff."""
    course = (
        _with_places(Course.objects.filter(public_id=public_id))
        .select_related("term__college", "cofacilitation_reason_by")
        .prefetch_related(_sessions_prefetch())
        .first()
    )
    if course is None:
        raise NotFound("We could not find that course.")
    college = course.term.college
    public = course.status == CourseStatus.PUBLISHED and course.term.status == TermStatus.PUBLISHED
    if not public and not (
        access.is_staff_of(actor, college) or access.can_run_college(actor, college)
    ):
        raise NotFound("We could not find that course.")
    return course


def places_left(course: Course) -> int:
    """From a course fetched by these selectors (annotated with `held`)."""
    return max(course.capacity - int(getattr(course, "held", 0)), 0)


@dataclass(frozen=True)
class CourseWarning:
    course: Course
    sessions: list[int]


def term_courses_for_staff(*, actor: Actor, term: Term) -> QuerySet[Course]:
    """Every course of a term, drafts included, for the college's staff."""
    college = term.college
    if not (access.is_staff_of(actor, college) or access.can_run_college(actor, college)):
        raise PermissionDenied("Only the college's staff can see its draft courses.")
    return (
        _with_places(Course.objects.filter(term=term))
        .prefetch_related(_sessions_prefetch())
        .order_by("title")
    )


def cofacilitation_warnings(courses: QuerySet[Course] | list[Course]) -> list[CourseWarning]:
    """Courses (from `term_courses_for_staff`) with sessions lacking a peer and a professional
    trainer. Shown to the college, never publicly."""
    out = []
    for course in courses:
        gaps = cofacilitation_gaps(list(course.sessions.all()))
        if gaps:
            out.append(CourseWarning(course=course, sessions=[s.number for s in gaps]))
    return out


def all_published_sessions(*, term: Term) -> QuerySet[CourseSession]:
    """Every session of a published term's published courses (for the `.ics`)."""
    return (
        CourseSession.objects.filter(course__term=term, course__status=CourseStatus.PUBLISHED)
        .select_related("course", "venue")
        .order_by("starts_at")
    )


def latest_published_terms(*, limit: int = 20) -> QuerySet[Term]:
    """For the Atom feed of one college, see `college_feed_terms`."""
    return Term.objects.filter(status=TermStatus.PUBLISHED).order_by("-published_at")[:limit]


def college_feed_courses(*, college: College, limit: int = 50) -> QuerySet[Course]:
    """The newest published courses of the college's published terms (the Atom feed)."""
    return (
        Course.objects.filter(
            term__college=college,
            term__status=TermStatus.PUBLISHED,
            status=CourseStatus.PUBLISHED,
        )
        .select_related("term")
        .order_by("-updated_at")[:limit]
    )
