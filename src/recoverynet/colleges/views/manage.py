"""The college's own pages: terms (create, copy from the last, publish), courses (create, sessions,
facilitators by role, publish with the co-facilitation check), enrolments (on someone's behalf) and
the attendance register."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page

from .. import access
from ..forms import (
    CourseForm,
    EnrolForForm,
    FacilitatorForm,
    PublishCourseForm,
    RegisterForForm,
    SessionForm,
    TermForm,
)
from ..models import AttendanceMark, College
from ..public_pages import PAGE_APPS
from ..selectors import courses as course_selectors
from ..selectors import learning as learning_selectors
from ..selectors import staff as staff_selectors
from ..services import attendance as attendance_services
from ..services import course as course_services
from ..services import enrolment as enrolment_services
from ..services import student as student_services
from .common import reraise_access, status_for


def _college_for_staff(request: AuthenticatedRequest, slug: str) -> College:
    college = staff_selectors.college_get(slug=slug)
    if not (
        access.is_staff_of(request.user, college) or access.can_run_college(request.user, college)
    ):
        raise PermissionDenied("Only the college's staff can see this page.")
    return college


@login_required
def my_colleges(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "colleges/manage/my_colleges.html",
        {
            "staffed": staff_selectors.colleges_staffed_by(actor=request.user),
            "shared_plans": learning_selectors.plans_shared_with(actor=request.user),
            "title": "Colleges I work for",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def college_manage(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = _college_for_staff(request, slug)
    terms = list(course_selectors.terms_for_college(actor=request.user, college=college))
    form = TermForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            if request.POST.get("copy_from") and terms:
                source = next(t for t in terms if t.slug == request.POST["copy_from"])
                term = course_services.term_copy(
                    actor=request.user,
                    source=source,
                    name=form.cleaned_data["name"],
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                )
            else:
                term = course_services.term_create(
                    actor=request.user,
                    college=college,
                    name=form.cleaned_data["name"],
                    starts_on=form.cleaned_data["starts_on"],
                    ends_on=form.cleaned_data["ends_on"],
                )
        except (ApplicationError, StopIteration) as exc:
            if isinstance(exc, ApplicationError):
                reraise_access(exc)
                add_service_error(form, exc)
            else:
                form.add_error(None, "Choose a term to copy from.")
        else:
            messages.success(request, f"{term.name} is ready as a draft.")
            return redirect("colleges:term-manage", slug=college.slug, term=term.slug)
    return render(
        request,
        "colleges/manage/college.html",
        {
            "college": college,
            "terms": terms,
            "form": form,
            "can_run": access.can_run_college(request.user, college),
            "can_manage": access.can_manage_college(request.user, college),
            "networks": staff_selectors.learning_networks_of(actor=request.user, college=college),
            "title": f"Run {college.name}",
        },
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
def term_manage(request: AuthenticatedRequest, slug: str, term: str) -> HttpResponse:
    college = _college_for_staff(request, slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    form = CourseForm(request.POST if "add_course" in request.POST else None)
    if request.method == "POST":
        try:
            if "publish_term" in request.POST:
                course_services.term_publish(actor=request.user, term=found)
                messages.success(request, f"{found.name} is published: the prospectus is open.")
                return redirect("colleges:term-manage", slug=college.slug, term=found.slug)
            if "add_course" in request.POST and form.is_valid():
                course = course_services.course_create(
                    actor=request.user, term=found, **form.cleaned_data
                )
                return redirect(
                    "colleges:course-manage", slug=college.slug, public_id=course.public_id
                )
        except ApplicationError as exc:
            reraise_access(exc)
            if "publish_term" in request.POST:
                messages.error(request, exc.message)
                return redirect("colleges:term-manage", slug=college.slug, term=found.slug)
            add_service_error(form, exc)
    courses = list(course_selectors.term_courses_for_staff(actor=request.user, term=found))
    return render(
        request,
        "colleges/manage/term.html",
        {
            "college": college,
            "term": found,
            "courses": courses,
            "warnings": {
                w.course.pk: w.sessions for w in course_selectors.cofacilitation_warnings(courses)
            },
            "form": form,
            "can_run": access.can_run_college(request.user, college),
            "title": f"{found.name}: courses",
        },
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@private_page(*PAGE_APPS)
def course_manage(request: AuthenticatedRequest, slug: str, public_id: UUID) -> HttpResponse:
    college = _college_for_staff(request, slug)
    course = course_selectors.course_get(actor=request.user, public_id=public_id)
    if course.term.college_id != college.pk:
        raise PermissionDenied("That course belongs to another college.")
    post = request.POST
    session_form = SessionForm(post if "add_session" in post else None)
    session_form.fields["venue"].choices = [("", "Choose a venue")] + [  # type: ignore[attr-defined]
        (str(v.pk), v.name) for v in college.venues.all()
    ]
    facilitator_form = FacilitatorForm(post if "add_facilitator" in post else None)
    trainers = (
        staff_selectors.college_trainers(actor=request.user, college=college)
        if access.can_run_college(request.user, college)
        else []
    )
    facilitator_form.fields["user"].choices = [  # type: ignore[attr-defined]
        (str(row.user_id), f"{row.user.display_name} ({row.get_role_display()})")
        for row in trainers
    ]
    publish_form = PublishCourseForm(post if "publish" in post else None)
    enrol_form = EnrolForForm(post if "enrol_for" in post else None)
    students = (
        list(learning_selectors.students_of_college(actor=request.user, college=college))
        if access.can_run_college(request.user, college)
        else []
    )
    enrol_form.fields["student"].choices = [(str(s.pk), s.preferred_name) for s in students]  # type: ignore[attr-defined]
    sessions = list(course.sessions.all())
    if request.method == "POST":
        try:
            if "add_session" in post and session_form.is_valid():
                data = session_form.cleaned_data
                venue = next((v for v in college.venues.all() if str(v.pk) == data["venue"]), None)
                course_services.session_add(
                    actor=request.user,
                    course=course,
                    starts_at=data["starts_at"],
                    ends_at=data["ends_at"],
                    online=data["online"],
                    venue=venue,
                )
                return redirect(
                    "colleges:course-manage", slug=college.slug, public_id=course.public_id
                )
            if "add_facilitator" in post and facilitator_form.is_valid():
                session = next(s for s in sessions if str(s.pk) == post.get("session"))
                user = next(
                    r.user
                    for r in trainers
                    if str(r.user_id) == facilitator_form.cleaned_data["user"]
                )
                course_services.facilitator_add(
                    actor=request.user,
                    session=session,
                    user=user,
                    role=facilitator_form.cleaned_data["role"],
                )
                return redirect(
                    "colleges:course-manage", slug=college.slug, public_id=course.public_id
                )
            if "publish" in post and publish_form.is_valid():
                course_services.course_publish(
                    actor=request.user, course=course, reason=publish_form.cleaned_data["reason"]
                )
                messages.success(request, f"{course.title} is published.")
                return redirect("colleges:term-manage", slug=college.slug, term=course.term.slug)
            if "enrol_for" in post and enrol_form.is_valid():
                student = next(
                    s for s in students if str(s.pk) == enrol_form.cleaned_data["student"]
                )
                enrolment = enrolment_services.enrolment_create_for(
                    actor=request.user,
                    course=course,
                    student=student,
                    how=enrol_form.cleaned_data["how"],
                )
                messages.success(
                    request, f"{student.preferred_name}: {enrolment.get_status_display().lower()}."
                )
                return redirect(
                    "colleges:course-manage", slug=college.slug, public_id=course.public_id
                )
        except StopIteration:
            messages.error(request, "Choose one of the options given.")
        except ApplicationError as exc:
            reraise_access(exc)
            target = (
                publish_form
                if "publish" in post
                else enrol_form
                if "enrol_for" in post
                else facilitator_form
                if "add_facilitator" in post
                else session_form
            )
            add_service_error(target, exc)
    warnings = course_selectors.cofacilitation_warnings([course])
    return render(
        request,
        "colleges/manage/course.html",
        {
            "college": college,
            "course": course,
            "sessions": sessions,
            "warning": warnings[0].sessions if warnings else [],
            "enrolments": learning_selectors.course_enrolments(actor=request.user, course=course),
            "session_form": session_form,
            "facilitator_form": facilitator_form,
            "publish_form": publish_form,
            "enrol_form": enrol_form,
            "can_run": access.can_run_college(request.user, college),
            "can_take_register": access.can_take_register(request.user, college),
            "title": course.title,
        },
        status=status_for(session_form, facilitator_form, publish_form, enrol_form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@private_page(*PAGE_APPS)
def session_register(request: AuthenticatedRequest, slug: str, session_id: int) -> HttpResponse:
    """The attendance register: one row per student, four radio buttons each; works without JS."""
    session, rows = learning_selectors.session_register(actor=request.user, session_id=session_id)
    if session.course.term.college.slug != slug:
        raise PermissionDenied("That session belongs to another college.")
    errors: dict[int, str] = {}
    if request.method == "POST":
        marks: dict[int, str] = {}
        for row in rows:
            value = request.POST.get(f"mark_{row.enrolment.pk}", "")
            if value and value not in AttendanceMark.values:
                errors[row.enrolment.pk] = "Choose present, late, absent or excused."
            elif value:
                marks[row.enrolment.pk] = value
        if not errors:
            try:
                attendance_services.register_save(actor=request.user, session=session, marks=marks)
            except ApplicationError as exc:
                reraise_access(exc)
                messages.error(request, exc.message)
            else:
                messages.success(request, f"Register saved: {len(marks)} of {len(rows)} marked.")
                return redirect("colleges:session-register", slug=slug, session_id=session.pk)
    return render(
        request,
        "colleges/manage/register.html",
        {
            "session": session,
            "course": session.course,
            "college": session.course.term.college,
            "rows": rows,
            "errors": errors,
            "marks": AttendanceMark.choices,
            "title": f"Register: {session.course.title}, session {session.number}",
        },
        status=400 if errors else 200,
    )


@login_required
@require_POST
def certificates_issue(request: AuthenticatedRequest, slug: str, public_id: UUID) -> HttpResponse:
    """Issue certificates to every student of the course who met its completion rule."""
    college = _college_for_staff(request, slug)
    course = course_selectors.course_get(actor=request.user, public_id=public_id)
    try:
        issued = attendance_services.certificates_issue_for_course(
            actor=request.user, course=course
        )
    except ApplicationError as exc:
        reraise_access(exc)
        raise
    messages.success(request, f"{issued} certificates issued.")
    return redirect("colleges:course-manage", slug=college.slug, public_id=course.public_id)


@login_required
@require_http_methods(["GET", "POST"])
def register_for(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Staff register someone as a student (a phone call, a visit); recorded as done by staff."""
    college = _college_for_staff(request, slug)
    if not access.can_run_college(request.user, college):
        raise PermissionDenied("Only the college's manager and administrators can do that.")
    questions = learning_selectors.registration_questions(college=college)
    form = RegisterForForm(request.POST or None, questions=questions)
    if request.method == "POST" and form.is_valid():
        try:
            student = student_services.student_register_for(
                actor=request.user,
                college=college,
                email=form.cleaned_data["email"],
                preferred_name=form.cleaned_data["preferred_name"],
                phone=form.cleaned_data["phone"],
                answers=form.answers(),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(
                request, f"{student.preferred_name} is registered. You can enrol them now."
            )
            return redirect("colleges:college-manage", slug=college.slug)
    return render(
        request,
        "colleges/manage/register_for.html",
        {"college": college, "form": form, "title": "Register someone as a student"},
        status=status_for(form),
    )
