"""Terms, courses, sessions and facilitators: create, change, copy from the last term, publish.

A session without a peer trainer and a professional trainer makes a warning for the college; a course
with such a session is published only with an explicit reason, which is recorded (who and why)."""

from __future__ import annotations

import datetime
from typing import Any

from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify

from recoverynet.accounts.actors import Actor, person
from recoverynet.accounts.models import User
from recoverynet.core import audit, domain_events
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..domain_events import TERM_PUBLISHED
from ..models import (
    College,
    Course,
    CourseSession,
    CourseStatus,
    CourseTopic,
    Facilitator,
    FacilitatorRole,
    SuitableFor,
    Term,
    TermStatus,
    Venue,
)
from ..models.student import PLACE_HOLDING_STATUSES
from ..rules import cofacilitation_gaps
from .announce import session_changed

COURSE_TEXT = {
    "title": (200, True, True),
    "what_you_will_learn": (4000, True, False),
    "who_for": (2000, False, False),
    "accessibility": (2000, False, False),
    "coproduction_notes": (2000, False, False),
}


def _require_runner(actor: Actor, college: College) -> None:
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")


def _invalid(field: str, message: str) -> ApplicationError:
    return ApplicationError("invalid", message, field=field, status=422)


@transaction.atomic
def term_create(
    *,
    actor: Actor,
    college: College,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
    introduction: str = "",
) -> Term:
    _require_runner(actor, college)
    clean_name = clean_text(name, field="name", max_length=100, required=True, single_line=True)
    if ends_on < starts_on:
        raise _invalid("ends_on", "The term must end on or after the day it starts.")
    slug = slugify(clean_name)[:80] or "term"
    if Term.objects.filter(college=college, slug=slug).exists():
        raise ApplicationError(
            "duplicate", "The college already has a term with that name.", field="name", status=409
        )
    term = Term.objects.create(
        college=college,
        name=clean_name,
        slug=slug,
        starts_on=starts_on,
        ends_on=ends_on,
        introduction=clean_text(introduction, field="introduction", max_length=4000),
    )
    audit.record(actor=actor, action="colleges.term.created", obj=term)
    return term


def _course_values(values: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for field, raw in values.items():
        if field in COURSE_TEXT:
            limit, required, one_line = COURSE_TEXT[field]
            out[field] = clean_text(
                raw, field=field, max_length=limit, required=required, single_line=one_line
            )
        elif field == "topic":
            if raw not in CourseTopic.values:
                raise _invalid("topic", "Choose a topic.")
            out[field] = raw
        elif field == "suitable_for":
            if raw not in SuitableFor.values:
                raise _invalid("suitable_for", "Choose who the course suits.")
            out[field] = raw
        elif field in ("capacity", "offer_hours"):
            if raw is None or int(raw) < 1 or int(raw) > 10000:
                raise _invalid(field, f"{field.replace('_', ' ').capitalize()} must be 1 or more.")
            out[field] = int(raw)
        elif field == "min_sessions_to_complete":
            if raw is not None and (int(raw) < 1 or int(raw) > 1000):
                raise _invalid(field, "Sessions to attend must be 1 or more.")
            out[field] = raw
        elif field in (
            "first_session_required",
            "codesigned_by_peer",
            "codesigned_by_staff",
            "codesigned_by_carer",
        ):
            out[field] = bool(raw)
        else:
            raise _invalid(field, f"{field} cannot be set here.")
    return out


@transaction.atomic
def course_create(*, actor: Actor, term: Term, **values: Any) -> Course:
    """A draft course in a term (title, what you will learn, topic and capacity are required)."""
    _require_runner(actor, term.college)
    for required in ("title", "what_you_will_learn", "topic", "capacity"):
        if required not in values:
            raise _invalid(required, f"{required.replace('_', ' ').capitalize()} is required.")
    course = Course.objects.create(term=term, **_course_values(values))
    audit.record(actor=actor, action="colleges.course.created", obj=course)
    return course


def _check_completion_rule(course: Course, session_count: int) -> None:
    n = course.min_sessions_to_complete
    if n is not None and session_count and n > session_count:
        raise _invalid(
            "min_sessions_to_complete",
            f"Students cannot attend {n} sessions: the course has {session_count}.",
        )


@transaction.atomic
def course_update(*, actor: Actor, course: Course, **values: Any) -> Course:
    _require_runner(actor, course.term.college)
    course = Course.objects.select_for_update().select_related("term__college").get(pk=course.pk)
    cleaned = _course_values(values)
    before = audit.snapshot(course, cleaned)
    for field, value in cleaned.items():
        setattr(course, field, value)
    if "capacity" in cleaned:
        held = course.enrolments.filter(status__in=PLACE_HOLDING_STATUSES).count()
        if course.capacity < held:
            raise _invalid(
                "capacity", f"{held} students already have places: capacity cannot be below that."
            )
    _check_completion_rule(course, course.sessions.count())
    course.save()
    audit.record(
        actor=actor,
        action="colleges.course.updated",
        obj=course,
        changes=audit.diff(course, before, cleaned),
    )
    return course


@transaction.atomic
def session_add(
    *,
    actor: Actor,
    course: Course,
    starts_at: datetime.datetime,
    ends_at: datetime.datetime,
    online: bool = False,
    venue: Venue | None = None,
    joining_information: str = "",
) -> CourseSession:
    _require_runner(actor, course.term.college)
    if ends_at <= starts_at:
        raise _invalid("ends_at", "The session must end after it starts.")
    if not online and venue is None:
        raise _invalid("venue", "Choose a venue, or say the session is online.")
    if venue is not None and venue.college_id != course.term.college_id:
        raise _invalid("venue", "Choose one of the college's venues.")
    number = (
        max(
            course.sessions.values_list("number", flat=True),
            default=0,
        )
        + 1
    )
    session = CourseSession.objects.create(
        course=course,
        number=number,
        starts_at=starts_at,
        ends_at=ends_at,
        online=online,
        venue=None if online else venue,
        joining_information=clean_text(
            joining_information, field="joining_information", max_length=500, single_line=True
        ),
    )
    audit.record(actor=actor, action="colleges.session.added", obj=session)
    session_changed(session, "added")
    return session


@transaction.atomic
def facilitator_add(*, actor: Actor, session: CourseSession, user: User, role: str) -> Facilitator:
    college = session.course.term.college
    _require_runner(actor, college)
    if role not in FacilitatorRole.values:
        raise _invalid("role", "Choose the facilitator's role.")
    if role in (FacilitatorRole.PEER_TRAINER, FacilitatorRole.PROFESSIONAL_TRAINER) and not (
        access.has_role(user, college, role)
    ):
        raise _invalid("user", f"They are not a {FacilitatorRole(role).label.lower()} here.")
    try:
        with transaction.atomic():
            row = Facilitator.objects.create(session=session, user=user, role=role)
    except IntegrityError:
        raise ApplicationError(
            "duplicate", "They already facilitate this session.", field="user", status=409
        ) from None
    audit.record(
        actor=actor,
        action="colleges.facilitator.added",
        obj=row,
        changes={"session": session.pk, "user": user.pk, "role": role},
    )
    return row


@transaction.atomic
def facilitator_remove(*, actor: Actor, facilitator: Facilitator) -> None:
    _require_runner(actor, facilitator.session.course.term.college)
    audit.record(
        actor=actor,
        action="colleges.facilitator.removed",
        obj=facilitator,
        changes={"user": facilitator.user_id, "role": facilitator.role},
    )
    facilitator.delete()


@transaction.atomic
def course_publish(*, actor: Actor, course: Course, reason: str = "") -> Course:
    """Publish a course. Sessions without both a peer and a professional trainer need a reason."""
    college = course.term.college
    _require_runner(actor, college)
    sessions = list(course.sessions.prefetch_related("facilitators"))
    if not sessions:
        raise _invalid("sessions", "Add at least one session before publishing the course.")
    _check_completion_rule(course, len(sessions))
    gaps = cofacilitation_gaps(sessions)
    clean_reason = clean_text(reason, field="reason", max_length=1000)
    if gaps and not clean_reason:
        numbers = ", ".join(str(s.number) for s in gaps)
        raise _invalid(
            "reason",
            f"Session {numbers} has no peer trainer and professional trainer together. "
            "Give a reason to publish it anyway.",
        )
    course.status = CourseStatus.PUBLISHED
    course.cofacilitation_reason = clean_reason if gaps else ""
    course.cofacilitation_reason_by = person(actor) if gaps else None
    course.save(update_fields=["status", "cofacilitation_reason", "cofacilitation_reason_by"])
    audit.record(
        actor=actor,
        action="colleges.course.published",
        obj=course,
        changes={
            "without_cofacilitation": [s.number for s in gaps],
            "reason": course.cofacilitation_reason,
        },
    )
    return course


@transaction.atomic
def term_publish(*, actor: Actor, term: Term) -> Term:
    """Publish the term: it becomes the prospectus. Draft courses that are ready stay drafts (each
    course is published on its own, with its co-facilitation check); at least one must be."""
    _require_runner(actor, term.college)
    if not term.courses.filter(status=CourseStatus.PUBLISHED).exists():
        raise _invalid("courses", "Publish at least one course before publishing the term.")
    term.status = TermStatus.PUBLISHED
    term.published_at = timezone.now()
    term.published_by = person(actor)
    term.save(update_fields=["status", "published_at", "published_by"])
    audit.record(actor=actor, action="colleges.term.published", obj=term)
    data = {
        "college_id": term.college_id,
        "term_id": str(term.public_id),
        "name": term.name,
        "courses": term.courses.filter(status=CourseStatus.PUBLISHED).count(),
        "url": reverse(
            "colleges:prospectus", kwargs={"slug": term.college.slug, "term": term.slug}
        ),
    }
    for network in term.college.networks.all():
        domain_events.emit(TERM_PUBLISHED.name, network_slug=network.slug, data=data)
    return term


@transaction.atomic
def term_copy(
    *,
    actor: Actor,
    source: Term,
    name: str,
    starts_on: datetime.date,
    ends_on: datetime.date,
) -> Term:
    """A new draft term starting from `source`'s courses: each course copied with its sessions moved
    by the distance between the two terms' starts, and their facilitators. Enrolments stay behind."""
    term = term_create(
        actor=actor, college=source.college, name=name, starts_on=starts_on, ends_on=ends_on
    )
    term.copied_from = source
    term.introduction = source.introduction
    term.save(update_fields=["copied_from", "introduction"])
    shift = datetime.timedelta(days=(starts_on - source.starts_on).days)
    courses = source.courses.exclude(status=CourseStatus.CANCELLED).prefetch_related(
        "sessions__facilitators"
    )
    for old in courses:
        sessions = list(old.sessions.all())
        old_id = old.pk
        new = old
        new.pk = None
        new.id = None
        new._state.adding = True
        new.public_id = _new_uuid()
        new.term = term
        new.status = CourseStatus.DRAFT
        new.cofacilitation_reason = ""
        new.cofacilitation_reason_by = None
        new.copied_from_id = old_id
        new.save()
        for session in sessions:
            facilitators = list(session.facilitators.all())
            copy = CourseSession.objects.create(
                course=new,
                number=session.number,
                starts_at=session.starts_at + shift,
                ends_at=session.ends_at + shift,
                online=session.online,
                venue=session.venue,
                joining_information=session.joining_information,
            )
            Facilitator.objects.bulk_create(
                Facilitator(session=copy, user_id=f.user_id, role=f.role) for f in facilitators
            )
    audit.record(
        actor=actor,
        action="colleges.term.copied",
        obj=term,
        changes={"from": source.pk, "courses": len(courses)},
    )
    return term


def _new_uuid() -> Any:
    import uuid

    return uuid.uuid4()
