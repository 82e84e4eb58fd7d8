"""Public reads: colleges, their terms, a term's courses (the prospectus) and one course."""

from __future__ import annotations

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Query, Schema
from ninja.decorators import decorate_view

from recoverynet.accounts.api_auth import optional_auth
from recoverynet.core.api import errors

from ..public_pages import kept_public
from ..selectors import courses as course_selectors
from ..selectors import staff as staff_selectors
from .router import router


class VenueOut(Schema):
    name: str
    address: str
    access_information: str


class CollegeOut(Schema):
    slug: str
    name: str
    organisation: str
    networks: list[str]
    stage: str
    summary: str
    who_for: str
    how_to_enrol: str
    contact_email: str
    contact_phone: str
    venues: list[VenueOut]


class TermOut(Schema):
    id: UUID
    slug: str
    name: str
    starts_on: datetime.date
    ends_on: datetime.date
    status: str


class FacilitatorOut(Schema):
    name: str
    role: str


class SessionOut(Schema):
    id: int
    number: int
    starts_at: datetime.datetime
    ends_at: datetime.datetime
    online: bool
    venue: str | None
    facilitators: list[FacilitatorOut]


class CourseOut(Schema):
    id: UUID
    term: str
    title: str
    topic: str
    suitable_for: str
    what_you_will_learn: str
    who_for: str
    accessibility: str
    capacity: int
    places_left: int
    first_session_required: bool
    min_sessions_to_complete: int | None
    status: str
    sessions: list[SessionOut]


class ProspectusQuery(Schema):
    topic: str = ""
    mode: str = ""
    venue: str = ""
    day: str = ""
    suitable_for: str = ""


def college_out(college: Any) -> dict[str, Any]:
    return {
        "slug": college.slug,
        "name": college.name,
        "organisation": college.organisation.slug,
        "networks": [n.slug for n in college.networks.all()],
        "stage": college.stage,
        "summary": college.summary,
        "who_for": college.who_for,
        "how_to_enrol": college.how_to_enrol,
        "contact_email": college.contact_email,
        "contact_phone": college.contact_phone,
        "venues": [
            {"name": v.name, "address": v.address, "access_information": v.access_information}
            for v in college.venues.all()
        ],
    }


def course_out(course: Any) -> dict[str, Any]:
    return {
        "id": course.public_id,
        "term": course.term.name if "term" in course._state.fields_cache else "",
        "title": course.title,
        "topic": course.topic,
        "suitable_for": course.suitable_for,
        "what_you_will_learn": course.what_you_will_learn,
        "who_for": course.who_for,
        "accessibility": course.accessibility,
        "capacity": course.capacity,
        "places_left": course_selectors.places_left(course),
        "first_session_required": course.first_session_required,
        "min_sessions_to_complete": course.min_sessions_to_complete,
        "status": course.status,
        "sessions": [
            {
                "id": s.pk,
                "number": s.number,
                "starts_at": s.starts_at,
                "ends_at": s.ends_at,
                "online": s.online,
                "venue": s.venue.name if s.venue else None,
                "facilitators": [
                    {"name": f.user.display_name, "role": f.role} for f in s.facilitators.all()
                ],
            }
            for s in course.sessions.all()
        ],
    }


@router.get("/colleges", response=list[CollegeOut], auth=optional_auth, summary="Recovery Colleges")
@decorate_view(kept_public)
def college_list(request: HttpRequest, network: str = "") -> Any:
    colleges = staff_selectors.college_list(network_slug=network or None).prefetch_related("venues")
    return [college_out(c) for c in colleges]


@router.get(
    "/colleges/{slug}",
    response={200: CollegeOut, **errors(404)},
    auth=optional_auth,
    summary="One college's public page",
)
@decorate_view(kept_public)
def college_detail(request: HttpRequest, slug: str) -> Any:
    return college_out(staff_selectors.college_get(slug=slug))


@router.get(
    "/colleges/{slug}/terms",
    response={200: list[TermOut], **errors(404)},
    auth=optional_auth,
    summary="A college's terms (drafts for its staff)",
)
def term_list(request: HttpRequest, slug: str) -> Any:
    college = staff_selectors.college_get(slug=slug)
    return [
        {
            "id": t.public_id,
            "slug": t.slug,
            "name": t.name,
            "starts_on": t.starts_on,
            "ends_on": t.ends_on,
            "status": t.status,
        }
        for t in course_selectors.terms_for_college(actor=request.user, college=college)
    ]


@router.get(
    "/colleges/{slug}/terms/{term}/courses",
    response={200: list[CourseOut], **errors(404)},
    auth=optional_auth,
    summary="A term's prospectus: its published courses, filtered",
)
@decorate_view(kept_public)
def prospectus(request: HttpRequest, slug: str, term: str, filters: Query[ProspectusQuery]) -> Any:
    college = staff_selectors.college_get(slug=slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    chosen = course_selectors.ProspectusFilters(**filters.dict())
    out = []
    for course in course_selectors.prospectus(term=found, filters=chosen):
        course.term = found
        out.append(course_out(course))
    return out


@router.get(
    "/courses/{course_id}",
    response={200: CourseOut, **errors(404)},
    auth=optional_auth,
    summary="One course with its sessions and facilitators",
)
@decorate_view(kept_public)
def course_detail(request: HttpRequest, course_id: UUID) -> Any:
    return course_out(course_selectors.course_get(actor=request.user, public_id=course_id))
