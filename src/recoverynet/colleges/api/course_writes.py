"""Writes for terms, courses and sessions, for the people who run a college: the same services as
the pages. Errors are JSON naming the field; `null` where a value is needed is refused
(`core.schemas.PatchSchema`)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.core.schemas import PatchSchema

from ..models import Term
from ..selectors import courses as course_selectors
from ..selectors import setup as setup_selectors
from ..selectors import staff as staff_selectors
from ..services import course as course_services
from ..services import course_edit as edit_services
from .courses import CourseOut, SessionOut, TermOut, course_out
from .router import router

Topic = Literal[
    "understanding", "recovery", "living_well", "life_skills", "family", "getting_involved"
]
Suits = Literal["everyone", "lived_experience", "family_carers", "staff"]


class TermIn(Schema):
    name: str = Field(max_length=100)
    starts_on: datetime.date
    ends_on: datetime.date
    introduction: str = Field("", max_length=4000)
    copy_from: str = Field(
        "", max_length=80, description="A term's slug: start from its courses (optional)"
    )


class TermPatch(PatchSchema):
    name: str | None = Field(None, max_length=100)
    starts_on: datetime.date | None = None
    ends_on: datetime.date | None = None
    introduction: str | None = Field(None, max_length=4000)


class CourseIn(Schema):
    title: str = Field(max_length=200)
    topic: Topic
    suitable_for: Suits = "everyone"
    what_you_will_learn: str = Field(max_length=4000)
    who_for: str = Field("", max_length=2000)
    accessibility: str = Field("", max_length=2000)
    capacity: int = Field(ge=1, le=10000)
    min_sessions_to_complete: int | None = Field(None, ge=1, le=1000)
    first_session_required: bool = False
    offer_hours: int = Field(48, ge=1, le=10000)
    codesigned_by_peer: bool = False
    codesigned_by_staff: bool = False
    codesigned_by_carer: bool = False
    coproduction_notes: str = Field("", max_length=2000)


class CoursePatch(PatchSchema):
    nullable = frozenset({"min_sessions_to_complete"})

    title: str | None = Field(None, max_length=200)
    topic: Topic | None = None
    suitable_for: Suits | None = None
    what_you_will_learn: str | None = Field(None, max_length=4000)
    who_for: str | None = Field(None, max_length=2000)
    accessibility: str | None = Field(None, max_length=2000)
    capacity: int | None = Field(None, ge=1, le=10000)
    min_sessions_to_complete: int | None = Field(None, ge=1, le=1000)
    first_session_required: bool | None = None
    offer_hours: int | None = Field(None, ge=1, le=10000)
    codesigned_by_peer: bool | None = None
    codesigned_by_staff: bool | None = None
    codesigned_by_carer: bool | None = None
    coproduction_notes: str | None = Field(None, max_length=2000)


class SessionIn(Schema):
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    online: bool = False
    venue: str = Field("", max_length=150, description="The name of one of the college's venues")
    joining_information: str = Field("", max_length=500)


class SessionWritten(SessionOut):
    public_id: UUID


def _sent(payload: Schema) -> dict[str, Any]:
    """The fields sent (a field left out keeps its value; `PatchSchema` refuses null)."""
    return payload.model_dump(exclude_unset=True)


def term_out(term: Term) -> dict[str, Any]:
    return {
        "id": term.public_id,
        "slug": term.slug,
        "name": term.name,
        "starts_on": term.starts_on,
        "ends_on": term.ends_on,
        "status": term.status,
    }


def _term(request: HttpRequest, slug: str, term: str) -> Term:
    college = staff_selectors.college_get(slug=slug)
    setup_selectors.require_runner(request.user, college)
    return course_selectors.term_get(actor=request.user, college=college, slug=term)


@router.post(
    "/colleges/{slug}/terms",
    response={201: TermOut, **errors(403, 404, 409, 422)},
    auth=api_auth,
    summary="Start a term (as a draft), empty or from another term's courses (college staff)",
)
def term_create(request: HttpRequest, slug: str, payload: TermIn) -> Any:
    college = staff_selectors.college_get(slug=slug)
    setup_selectors.require_runner(request.user, college)
    data = payload.model_dump()
    source_slug = data.pop("copy_from")
    if source_slug:
        source = _term(request, slug, source_slug)
        data.pop("introduction")
        term = course_services.term_copy(actor=request.user, source=source, **data)
    else:
        term = course_services.term_create(actor=request.user, college=college, **data)
    return Status(201, term_out(term))


@router.post(
    "/colleges/{slug}/terms/{term}/copy",
    response={201: TermOut, **errors(403, 404, 409, 422)},
    auth=api_auth,
    summary="Start a new draft term from this term's courses, sessions moved to the new dates",
)
def term_copy(request: HttpRequest, slug: str, term: str, payload: TermIn) -> Any:
    source = _term(request, slug, term)
    copied = course_services.term_copy(
        actor=request.user,
        source=source,
        name=payload.name,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return Status(201, term_out(copied))


@router.patch(
    "/colleges/{slug}/terms/{term}",
    response={200: TermOut, **errors(403, 404, 409, 422)},
    auth=api_auth,
    summary="Change a term's name, dates or introduction (college staff)",
)
def term_update(request: HttpRequest, slug: str, term: str, payload: TermPatch) -> Any:
    found = _term(request, slug, term)
    return term_out(edit_services.term_update(actor=request.user, term=found, **_sent(payload)))


def _course_read(request: HttpRequest, public_id: UUID) -> dict[str, Any]:
    return course_out(course_selectors.course_get(actor=request.user, public_id=public_id))


@router.post(
    "/colleges/{slug}/terms/{term}/courses",
    response={201: CourseOut, **errors(403, 404, 422)},
    auth=api_auth,
    summary="Add a draft course to a term (college staff)",
)
def course_create(request: HttpRequest, slug: str, term: str, payload: CourseIn) -> Any:
    found = _term(request, slug, term)
    course = course_services.course_create(actor=request.user, term=found, **payload.model_dump())
    return Status(201, _course_read(request, course.public_id))


@router.patch(
    "/courses/{course_id}",
    response={200: CourseOut, **errors(403, 404, 422)},
    auth=api_auth,
    summary="Change a course (college staff)",
)
def course_update(request: HttpRequest, course_id: UUID, payload: CoursePatch) -> Any:
    course = course_selectors.course_get(actor=request.user, public_id=course_id)
    setup_selectors.require_runner(request.user, course.term.college)
    course_services.course_update(actor=request.user, course=course, **_sent(payload))
    return _course_read(request, course_id)


def _venue(request: HttpRequest, course: Any, name: str) -> Any:
    if not name:
        return None
    college = course.term.college
    venues = setup_selectors.venues(actor=request.user, college=college)
    found = venues.filter(name=name).first()
    if found is None:
        raise ApplicationError(
            "invalid", "Choose one of the college's venues.", field="venue", status=422
        )
    return found


def _session_out(session: Any) -> dict[str, Any]:
    return {
        "id": session.pk,
        "public_id": session.public_id,
        "number": session.number,
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "online": session.online,
        "venue": session.venue.name if session.venue else None,
        "facilitators": [],
    }


@router.post(
    "/courses/{course_id}/sessions",
    response={201: SessionWritten, **errors(403, 404, 422)},
    auth=api_auth,
    summary="Add a session to a course (college staff)",
)
def session_add(request: HttpRequest, course_id: UUID, payload: SessionIn) -> Any:
    course = course_selectors.course_get(actor=request.user, public_id=course_id)
    setup_selectors.require_runner(request.user, course.term.college)
    data = payload.model_dump()
    data["venue"] = _venue(request, course, data["venue"])
    session = course_services.session_add(actor=request.user, course=course, **data)
    return Status(201, _session_out(session))


@router.put(
    "/courses/{course_id}/sessions/{session_id}",
    response={200: SessionWritten, **errors(403, 404, 422)},
    auth=api_auth,
    summary="Change when and where a session is (college staff)",
)
def session_update(
    request: HttpRequest, course_id: UUID, session_id: UUID, payload: SessionIn
) -> Any:
    course = course_selectors.course_get(actor=request.user, public_id=course_id)
    session = setup_selectors.session_get(actor=request.user, course=course, public_id=session_id)
    data = payload.model_dump()
    data["venue"] = _venue(request, course, data["venue"])
    return _session_out(edit_services.session_update(actor=request.user, session=session, **data))


@router.delete(
    "/courses/{course_id}/sessions/{session_id}",
    response={204: None, **errors(403, 404, 409, 422)},
    auth=api_auth,
    summary="Delete a session whose register has not been taken; students with a place are told "
    "by e-mail (college staff)",
)
def session_delete(request: HttpRequest, course_id: UUID, session_id: UUID) -> Any:
    course = course_selectors.course_get(actor=request.user, public_id=course_id)
    session = setup_selectors.session_get(actor=request.user, course=course, public_id=session_id)
    edit_services.session_delete(actor=request.user, session=session)
    return Status(204, None)
