"""Enrolment: self-service or by staff on someone's behalf, with capacity, a waiting list with timed
offers, cancellation and reminders.

The rule that matters most (as for event bookings): a course is never overbooked. Every change that
takes or frees a place locks the course row first (`SELECT … FOR UPDATE` on PostgreSQL; SQLite
serialises writers with BEGIN IMMEDIATE), then recounts places from the enrolments themselves.
"""

from __future__ import annotations

import datetime

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, domain_events, outbox
from recoverynet.core.errors import ApplicationError, NotFound, PermissionDenied
from recoverynet.core.text import clean_text

from .. import access
from ..domain_events import PLACE_OFFERED, STUDENT_ENROLLED
from ..models import Course, CourseStatus, Enrolment, EnrolmentStatus, Student, TermStatus


def _lock(course: Course) -> Course:
    return (
        Course.objects.select_for_update(of=("self",))
        .select_related("term__college")
        .get(pk=course.pk)
    )


def _free_places(course: Course, now: datetime.datetime) -> tuple[int, bool]:
    """Inside the course lock: (free places, whether anyone is waiting or holding an offer)."""
    counts = Enrolment.objects.filter(course=course).aggregate(
        enrolled=Count("id", filter=Q(status=EnrolmentStatus.ENROLLED)),
        offered=Count("id", filter=Q(status=EnrolmentStatus.OFFERED, offer_expires_at__gt=now)),
        waiting=Count("id", filter=Q(status=EnrolmentStatus.WAITING)),
    )
    free = max(course.capacity - counts["enrolled"] - counts["offered"], 0)
    return free, counts["waiting"] + counts["offered"] > 0


def _expire(course: Course, now: datetime.datetime) -> int:
    return Enrolment.objects.filter(
        course=course, status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now
    ).update(status=EnrolmentStatus.EXPIRED, cancelled_at=now, updated_at=now)


def _tell(enrolment: Enrolment, subject: str, body: str) -> None:
    outbox.enqueue(to=[enrolment.student.user.email], subject=subject, body_text=body)


def _announce_enrolled(course: Course, enrolment: Enrolment) -> None:
    """`college_enrolment.confirmed` in each of the college's networks (once, without a network,
    when it has none): outcome questionnaires send a baseline "at enrolment" on it."""
    slugs: list[str | None] = [n.slug for n in course.term.college.networks.all()] or [None]
    for slug in slugs:
        domain_events.emit(
            STUDENT_ENROLLED.name,
            network_slug=slug,
            data={"course_id": str(course.public_id), "enrolment_id": str(enrolment.public_id)},
        )


def _offer_next(course: Course, now: datetime.datetime) -> list[Enrolment]:
    """Inside the course lock: offer free places to the longest-waiting students."""
    free, _ = _free_places(course, now)
    offered: list[Enrolment] = []
    if free <= 0:
        return offered
    waiting = (
        Enrolment.objects.filter(course=course, status=EnrolmentStatus.WAITING)
        .select_related("student__user")
        .order_by("waiting_since", "id")[:free]
    )
    for enrolment in waiting:
        enrolment.status = EnrolmentStatus.OFFERED
        enrolment.offer_expires_at = now + datetime.timedelta(hours=course.offer_hours)
        enrolment.save(update_fields=["status", "offer_expires_at", "updated_at"])
        audit.record(actor=None, action="colleges.enrolment.offered", obj=enrolment)
        local = timezone.localtime(enrolment.offer_expires_at)
        _tell(
            enrolment,
            f"A place on {course.title} is yours if you want it",
            f"Hello {enrolment.student.preferred_name},\n\nA place has come up on {course.title}. "
            f"It is held for you until {local:%A %d %B at %H:%M}. Sign in and go to "
            "My learning to take it or let it go.\n",
        )
        for network in course.term.college.networks.all():
            domain_events.emit(
                PLACE_OFFERED.name,
                network_slug=network.slug,
                data={
                    "course_id": str(course.public_id),
                    "enrolment_id": str(enrolment.public_id),
                    "expires_at": enrolment.offer_expires_at.isoformat(),
                },
            )
        offered.append(enrolment)
    return offered


def _enrol(
    actor: Actor, course: Course, student: Student, *, on_behalf: bool, how: str = ""
) -> Enrolment:
    now = timezone.now()
    course = _lock(course)
    if course.term.college_id != student.college_id:
        raise ApplicationError("invalid", "That course belongs to another college.", status=422)
    if course.status != CourseStatus.PUBLISHED or course.term.status != TermStatus.PUBLISHED:
        raise ApplicationError(
            "not_open", "This course is not open for enrolment.", field="course", status=409
        )
    if Enrolment.objects.filter(
        course=course, student=student, status__in=[s.value for s in _ACTIVE]
    ).exists():
        raise ApplicationError(
            "already_enrolled",
            "You are already enrolled on this course (or on its waiting list).",
            field="course",
            status=409,
        )
    _expire(course, now)
    _offer_next(course, now)
    free, queue = _free_places(course, now)
    status = EnrolmentStatus.ENROLLED if free > 0 and not queue else EnrolmentStatus.WAITING
    enrolment = Enrolment(
        course=course,
        student=student,
        status=status,
        enrolled_at=now if status == EnrolmentStatus.ENROLLED else None,
        waiting_since=now if status == EnrolmentStatus.WAITING else None,
        enrolled_by=person(actor) if on_behalf else None,
        how=how,
    )
    try:
        with transaction.atomic():
            enrolment.save()
    except IntegrityError:
        raise ApplicationError(
            "already_enrolled",
            "You are already enrolled on this course.",
            field="course",
            status=409,
        ) from None
    audit.record(
        actor=actor,
        action="colleges.enrolment.created",
        obj=enrolment,
        changes={"status": status, "on_behalf": on_behalf, "how": how},
    )
    if status == EnrolmentStatus.ENROLLED:
        _announce_enrolled(course, enrolment)
        _tell(
            enrolment,
            f"You are enrolled on {course.title}",
            f"Hello {student.preferred_name},\n\nYou have a place on {course.title} "
            f"({course.term.name}, {course.term.college.name}). My learning lists your sessions; "
            "you can add them to your calendar from there.\n",
        )
    else:
        _tell(
            enrolment,
            f"You are on the waiting list for {course.title}",
            f"Hello {student.preferred_name},\n\n{course.title} is full at the moment. You are on "
            "its waiting list: we will e-mail you if a place comes up.\n",
        )
    return enrolment


_ACTIVE = (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITING, EnrolmentStatus.OFFERED)


@transaction.atomic
def enrolment_create(*, actor: Actor, course: Course) -> Enrolment:
    """The signed-in student enrols themselves (or joins the waiting list when it is full)."""
    user = person(actor)
    student = Student.objects.filter(college_id=course.term.college_id, user=user).first()
    if student is None:
        raise ApplicationError(
            "not_registered",
            "Register with the college before you enrol on its courses.",
            field="course",
            status=409,
        )
    return _enrol(actor, course, student, on_behalf=False)


@transaction.atomic
def enrolment_create_for(
    *, actor: Actor, course: Course, student: Student, how: str = "phone"
) -> Enrolment:
    """Staff enrol a student on their behalf (recorded: who, and how — phone, in person)."""
    if not access.can_run_college(actor, course.term.college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    clean_how = clean_text(how, field="how", max_length=20, single_line=True)
    return _enrol(actor, course, student, on_behalf=True, how=clean_how)


def _may_change(actor: Actor, enrolment: Enrolment) -> bool:
    return enrolment.student.user_id == getattr(actor, "pk", None) or access.can_run_college(
        actor, enrolment.course.term.college
    )


def _locked_enrolment(actor: Actor, enrolment: Enrolment) -> tuple[Course, Enrolment]:
    course = _lock(enrolment.course)
    locked = (
        Enrolment.objects.select_for_update(of=("self",))
        .select_related("student__user")
        .get(pk=enrolment.pk)
    )
    locked.course = course
    if not _may_change(actor, locked):
        raise NotFound("We could not find that enrolment.")
    return course, locked


@transaction.atomic
def enrolment_cancel(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    """Cancel a place (or leave the waiting list); a freed place is offered to the next student."""
    course, enrolment = _locked_enrolment(actor, enrolment)
    if enrolment.status not in _ACTIVE:
        raise ApplicationError("not_active", "This enrolment is already cancelled.", status=409)
    now = timezone.now()
    before = enrolment.status
    enrolment.status = EnrolmentStatus.CANCELLED
    enrolment.cancelled_at = now
    enrolment.save(update_fields=["status", "cancelled_at", "updated_at"])
    audit.record(
        actor=actor, action="colleges.enrolment.cancelled", obj=enrolment, changes={"was": before}
    )
    _expire(course, now)
    _offer_next(course, now)
    return enrolment


@transaction.atomic
def offer_accept(*, actor: Actor, enrolment: Enrolment) -> Enrolment:
    course, enrolment = _locked_enrolment(actor, enrolment)
    now = timezone.now()
    if enrolment.status != EnrolmentStatus.OFFERED:
        raise ApplicationError("no_offer", "There is no place offered to take.", status=409)
    if enrolment.offer_expires_at is not None and enrolment.offer_expires_at <= now:
        _expire(course, now)
        _offer_next(course, now)
        raise ApplicationError(
            "offer_expired", "Sorry: the time to take this place has run out.", status=409
        )
    enrolment.status = EnrolmentStatus.ENROLLED
    enrolment.enrolled_at = now
    enrolment.offer_expires_at = None
    enrolment.save(update_fields=["status", "enrolled_at", "offer_expires_at", "updated_at"])
    audit.record(actor=actor, action="colleges.enrolment.offer_accepted", obj=enrolment)
    _announce_enrolled(course, enrolment)
    return enrolment


def lock_course(course: Course) -> Course:
    """Lock the course row (for other services of this app that free places)."""
    return _lock(course)


def tell(enrolment: Enrolment, subject: str, body: str) -> None:
    """E-mail the student (one recipient per message, through the outbox)."""
    _tell(enrolment, subject, body)


def offer_places(course: Course, now: datetime.datetime) -> list[Enrolment]:
    """Inside the course lock: expire stale offers and offer free places to the waiting list."""
    _expire(course, now)
    return _offer_next(course, now)


def offers_expire() -> int:
    """The scheduled job: expire offers past their time and offer the places on. Idempotent."""
    now = timezone.now()
    course_ids = set(
        Enrolment.objects.filter(
            status=EnrolmentStatus.OFFERED, offer_expires_at__lte=now
        ).values_list("course_id", flat=True)
    )
    expired = 0
    for course_id in course_ids:
        with transaction.atomic():
            course = _lock(Course(pk=course_id))
            expired += _expire(course, now)
            _offer_next(course, now)
    return expired
