"""Enrolments (create for oneself, cancel, list mine) and attendance (college staff)."""

from __future__ import annotations

import datetime
from typing import Any, Literal
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError

from ..public_pages import PAGE_APPS
from ..selectors import courses as course_selectors
from ..selectors import learning as learning_selectors
from ..services import attendance as attendance_services
from ..services import enrolment as enrolment_services
from .router import router


class EnrolmentOut(Schema):
    id: UUID
    course: UUID
    course_title: str
    college: str
    status: str
    offer_expires_at: datetime.datetime | None
    on_behalf: bool
    completed: bool


def enrolment_out(view: learning_selectors.EnrolmentView) -> dict[str, Any]:
    e = view.enrolment
    return {
        "id": e.public_id,
        "course": e.course.public_id,
        "course_title": e.course.title,
        "college": e.course.term.college.slug,
        "status": e.status,
        "offer_expires_at": e.offer_expires_at,
        "on_behalf": e.enrolled_by_id is not None,
        "completed": view.completed,
    }


class MarkIn(Schema):
    enrolment: UUID
    mark: Literal["present", "late", "absent", "excused"]


class AttendanceIn(Schema):
    marks: list[MarkIn] = Field(max_length=1000)


class MarkOut(Schema):
    enrolment: UUID
    student: str
    mark: str


@router.get("/me/enrolments", response=list[EnrolmentOut], auth=api_auth, summary="My enrolments")
@private_read(*PAGE_APPS)
def my_enrolments(request: HttpRequest) -> Any:
    learning = learning_selectors.my_learning(actor=request.user)
    return [enrolment_out(v) for v in learning.current + learning.past]


@router.post(
    "/courses/{course_id}/enrolments",
    response={201: EnrolmentOut, **errors(404, 409)},
    auth=api_auth,
    summary="Enrol myself on a course (or join its waiting list)",
)
def enrol(request: HttpRequest, course_id: UUID) -> Any:
    course = course_selectors.course_get(actor=request.user, public_id=course_id)
    enrolment = enrolment_services.enrolment_create(actor=request.user, course=course)
    view = learning_selectors.enrolment_view(actor=request.user, public_id=enrolment.public_id)
    return Status(201, enrolment_out(view))


@router.post(
    "/enrolments/{enrolment_id}/cancel",
    response={200: EnrolmentOut, **errors(404, 409)},
    auth=api_auth,
    summary="Cancel my enrolment (or leave the waiting list)",
)
def cancel(request: HttpRequest, enrolment_id: UUID) -> Any:
    enrolment = learning_selectors.my_enrolment(actor=request.user, public_id=enrolment_id)
    enrolment_services.enrolment_cancel(actor=request.user, enrolment=enrolment)
    return enrolment_out(
        learning_selectors.enrolment_view(actor=request.user, public_id=enrolment_id)
    )


def _register(request: HttpRequest, session_id: int) -> list[dict[str, Any]]:
    _, rows = learning_selectors.session_register(actor=request.user, session_id=session_id)
    return [
        {
            "enrolment": r.enrolment.public_id,
            "student": r.enrolment.student.preferred_name,
            "mark": r.mark,
        }
        for r in rows
    ]


@router.get(
    "/sessions/{session_id}/attendance",
    response={200: list[MarkOut], **errors(403, 404)},
    auth=api_auth,
    summary="A session's register (college trainers and staff)",
)
@private_read(*PAGE_APPS)
def attendance(request: HttpRequest, session_id: int) -> Any:
    return _register(request, session_id)


@router.put(
    "/sessions/{session_id}/attendance",
    response={200: list[MarkOut], **errors(403, 404, 422)},
    auth=api_auth,
    summary="Record marks in a session's register (college trainers and staff)",
)
def attendance_save(request: HttpRequest, session_id: int, payload: AttendanceIn) -> Any:
    session, rows = learning_selectors.session_register(actor=request.user, session_id=session_id)
    by_public = {str(r.enrolment.public_id): r.enrolment.pk for r in rows}
    marks: dict[int, str] = {}
    for i, item in enumerate(payload.marks):
        key = by_public.get(str(item.enrolment))
        if key is None:
            raise ApplicationError(
                "invalid",
                "That student is not enrolled on this course.",
                field=f"marks.{i}.enrolment",
                status=422,
            )
        marks[key] = item.mark
    attendance_services.register_save(actor=request.user, session=session, marks=marks)
    return _register(request, session_id)
