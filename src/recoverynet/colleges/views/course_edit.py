"""Changing a term, a course and a course's sessions (for the people who run the college)."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import PermissionDenied

from ..forms.setup import CourseEditForm, SessionEditForm, TermEditForm
from ..models import Course
from ..selectors import courses as course_selectors
from ..selectors import session_delete as deletion_selectors
from ..selectors import setup as selectors
from ..services import course as course_services
from ..services import course_edit as edit_services
from .setup import _college, _page, _saved

COURSE_FIELDS = [*CourseEditForm.base_fields]


def _course(request: AuthenticatedRequest, slug: str, public_id: UUID) -> Course:
    college = _college(slug)
    selectors.require_runner(request.user, college)
    course = course_selectors.course_get(actor=request.user, public_id=public_id)
    if course.term.college_id != college.pk:
        raise PermissionDenied("That course belongs to another college.")
    return course


@login_required
@require_http_methods(["GET", "POST"])
def term_edit(request: AuthenticatedRequest, slug: str, term: str) -> HttpResponse:
    college = _college(slug)
    selectors.require_runner(request.user, college)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    initial = {f: getattr(found, f) for f in ("name", "starts_on", "ends_on", "introduction")}
    form = TermEditForm(request.POST or None, initial=initial)

    def save() -> None:
        edit_services.term_update(actor=request.user, term=found, **form.cleaned_data)

    if _saved(request, form, save, "The term is updated."):
        return redirect("colleges:term-manage", slug=college.slug, term=found.slug)
    return _page(
        request, "term_edit.html", form, college=college, term=found, title=f"Change {found.name}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def course_edit(request: AuthenticatedRequest, slug: str, public_id: UUID) -> HttpResponse:
    course = _course(request, slug, public_id)
    form = CourseEditForm(
        request.POST or None, initial={f: getattr(course, f) for f in COURSE_FIELDS}
    )

    def save() -> None:
        course_services.course_update(actor=request.user, course=course, **form.cleaned_data)

    if _saved(request, form, save, "The course is updated."):
        return redirect("colleges:course-manage", slug=slug, public_id=course.public_id)
    return _page(
        request,
        "course_edit.html",
        form,
        college=course.term.college,
        course=course,
        title=f"Change {course.title}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(
    request: AuthenticatedRequest, slug: str, public_id: UUID, session_id: UUID
) -> HttpResponse:
    course = _course(request, slug, public_id)
    college = course.term.college
    session = selectors.session_get(actor=request.user, course=course, public_id=session_id)
    initial = {
        "starts_at": session.starts_at,
        "ends_at": session.ends_at,
        "online": session.online,
        "venue": str(session.venue_id or ""),
        "joining_information": session.joining_information,
    }
    form = SessionEditForm(request.POST or None, initial=initial)
    places = list(selectors.venues(actor=request.user, college=college))
    form.fields["venue"].choices = [("", "Choose a venue")] + [  # type: ignore[attr-defined]
        (str(v.pk), v.name) for v in places
    ]

    def save() -> None:
        data = dict(form.cleaned_data)
        data["venue"] = next((v for v in places if str(v.pk) == data["venue"]), None)
        edit_services.session_update(actor=request.user, session=session, **data)

    if _saved(request, form, save, f"Session {session.number} is updated."):
        return redirect("colleges:course-manage", slug=slug, public_id=course.public_id)
    return _page(
        request,
        "session_edit.html",
        form,
        college=college,
        course=course,
        session=session,
        title=f"Change session {session.number}",
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_delete(
    request: AuthenticatedRequest, slug: str, public_id: UUID, session_id: UUID
) -> HttpResponse:
    """Say what deleting the session will do, then do it (or say why it cannot be deleted)."""
    course = _course(request, slug, public_id)
    session = selectors.session_get(actor=request.user, course=course, public_id=session_id)
    preview = deletion_selectors.session_deletion(actor=request.user, session=session)
    if request.method == "POST" and preview.allowed:
        told = edit_services.session_delete(actor=request.user, session=session)
        said = f" We have e-mailed the {told} students with a place." if told else ""
        messages.success(request, f"Session {session.number} is deleted.{said}")
        return redirect("colleges:course-manage", slug=slug, public_id=course.public_id)
    context = {"college": course.term.college, "course": course, "preview": preview}
    context["title"] = f"Delete session {session.number}"
    refused = request.method == "POST" and preview.refusal is not None
    status = preview.refusal.status if refused and preview.refusal else 200
    return render(request, "colleges/manage/session_delete.html", context, status=status)
