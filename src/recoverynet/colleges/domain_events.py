"""What the colleges app announces. Only ids, states and links: never a student's name, their
attendance or their learning plan."""

from recoverynet.core.domain_events import define

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

SESSION_CHANGED = define(
    "college_session.changed",
    summary="A session of a college course was added, moved (time or place) or deleted: calendars, "
    "feeds and anything dated by the course's sessions should be read again.",
    payload={
        "course_id": "The course's public id.",
        "session_id": "The session's public id.",
        "change": "added, changed or deleted.",
        "url": "The course's page.",
    },
)
