"""Reads for setting a college up (venues, registration questions, staff roles, one session), for
the people who run it. Every read checks access; a row of another college is not found."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core.errors import NotFound, PermissionDenied

from .. import access
from ..models import College, CollegeStaff, Course, CourseSession, RegistrationQuestion, Venue


def require_runner(actor: Actor, college: College) -> None:
    if not access.can_run_college(actor, college):
        raise PermissionDenied("Only the college's manager and administrators can see this page.")


def require_manager(actor: Actor, college: College) -> None:
    if not access.can_manage_college(actor, college):
        raise PermissionDenied("Only the college's manager and its network's coordinators can.")


def venues(*, actor: Actor, college: College) -> QuerySet[Venue]:
    require_runner(actor, college)
    return Venue.objects.filter(college=college).order_by("name")


def venue_get(*, actor: Actor, college: College, venue_id: int) -> Venue:
    found = venues(actor=actor, college=college).filter(pk=venue_id).first()
    if found is None:
        raise NotFound("We could not find that venue.")
    return found


def questions(*, actor: Actor, college: College) -> QuerySet[RegistrationQuestion]:
    """Every registration question, asked or no longer asked."""
    require_runner(actor, college)
    return RegistrationQuestion.objects.filter(college=college).order_by("-active", "order", "id")


def question_get(*, actor: Actor, college: College, question_id: int) -> RegistrationQuestion:
    found = questions(actor=actor, college=college).filter(pk=question_id).first()
    if found is None:
        raise NotFound("We could not find that question.")
    return found


def staff_rows(*, actor: Actor, college: College) -> QuerySet[CollegeStaff]:
    require_manager(actor, college)
    return (
        CollegeStaff.objects.filter(college=college)
        .select_related("user")
        .order_by("role", "user__full_name", "user__email")
    )


def staff_row_get(*, actor: Actor, college: College, row_id: int) -> CollegeStaff:
    found = staff_rows(actor=actor, college=college).filter(pk=row_id).first()
    if found is None:
        raise NotFound("We could not find that role.")
    return found


def person_by_email(*, actor: Actor, college: College, email: str) -> User | None:
    """The account with this address, for giving them a role (the manager names them)."""
    require_manager(actor, college)
    found: Any = get_user_model().objects.filter(email__iexact=email.strip()).first()
    return found if isinstance(found, User) else None


def session_get(*, actor: Actor, course: Course, public_id: Any) -> CourseSession:
    require_runner(actor, course.term.college)
    found = (
        CourseSession.objects.select_related("venue", "course__term__college")
        .filter(course=course, public_id=public_id)
        .first()
    )
    if found is None:
        raise NotFound("We could not find that session.")
    return found
