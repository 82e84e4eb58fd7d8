"""What the colleges app announces. Only ids, states and links: never a student's name, their
attendance or their learning plan."""

from __future__ import annotations

from typing import TYPE_CHECKING

from recoverynet.core.domain_events import define

if TYPE_CHECKING:
    from .models import Course

TERM_PUBLISHED = define(
    "college_term.published",
    summary="A Recovery College published a term: its prospectus is open for enrolment.",
    payload={
        "college_id": "The college's id.",
        "term_id": "The term's public id.",
        "name": 'The term\'s name, e.g. "Spring 2027".',
        "courses": "How many courses the prospectus has.",
        "url": "The prospectus page.",
    },
)

PLACE_OFFERED = define(
    "college_place.offered",
    summary="A place on a college course was offered to the next student on its waiting list.",
    payload={
        "course_id": "The course's public id.",
        "enrolment_id": "The enrolment's public id.",
        "expires_at": "When the offer runs out (ISO date and time).",
    },
)

STUDENT_ENROLLED = define(
    "college_enrolment.confirmed",
    summary="A student has a place on a college course (enrolled straight away, or took a place "
    "offered from the waiting list). Never names the student.",
    payload={
        "course_id": "The course's public id.",
        "enrolment_id": "The enrolment's public id.",
    },
)

COURSE_SCHEDULE_CHANGED = define(
    "college_course.schedule_changed",
    summary="A college course's dates may have moved: a session was added, moved or removed, or "
    "the course was cancelled (outcome questionnaires move their end-of-course follow-up on it).",
    payload={
        "course_id": "The course's public id.",
        "change": "session_added, session_changed, session_removed or cancelled.",
    },
)


def announce_schedule_changed(course: Course, change: str) -> None:
    """`college_course.schedule_changed` in each of the college's networks (once, without a
    network, when it has none). Call it inside the service's transaction, after the change."""
    from recoverynet.core import domain_events

    slugs: list[str | None] = [n.slug for n in course.term.college.networks.all()] or [None]
    for slug in slugs:
        domain_events.emit(
            COURSE_SCHEDULE_CHANGED.name,
            network_slug=slug,
            data={"course_id": str(course.public_id), "change": change},
        )
