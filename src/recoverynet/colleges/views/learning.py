"""A student's pages: registering with a college, My learning (courses, sessions to come,
attendance, certificates, plan), cancelling, taking an offered place, certificates and the
learning plan."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, NotFound
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page

from .. import documents
from ..forms import NoteForm, PlanForm, RegisterForm, ShareForm
from ..public_pages import PAGE_APPS
from ..selectors import courses as course_selectors
from ..selectors import learning as learning_selectors
from ..selectors import staff as staff_selectors
from ..services import attendance as attendance_services
from ..services import enrolment as enrolment_services
from ..services import plan as plan_services
from ..services import student as student_services
from .common import download, reraise_access, status_for


@login_required
@require_http_methods(["GET", "POST"])
def register(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    if learning_selectors.student_for(actor=request.user, college=college) is not None:
        messages.info(request, f"You are already registered with {college.name}.")
        return redirect("colleges:college-detail", slug=college.slug)
    questions = learning_selectors.registration_questions(college=college)
    initial = {"preferred_name": request.user.preferred_name or request.user.full_name}
    form = RegisterForm(request.POST or None, questions=questions, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            student_services.student_register(
                actor=request.user,
                college=college,
                preferred_name=form.cleaned_data["preferred_name"],
                phone=form.cleaned_data["phone"],
                answers=form.answers(),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, f"Welcome to {college.name}. You can now enrol on courses.")
            term = course_selectors.terms_for_college(actor=request.user, college=college).first()
            if term is not None:
                return redirect("colleges:prospectus", slug=college.slug, term=term.slug)
            return redirect("colleges:college-detail", slug=college.slug)
    return render(
        request,
        "colleges/register.html",
        {"college": college, "form": form, "title": f"Register with {college.name}"},
        status=status_for(form),
    )


@login_required
@private_page(*PAGE_APPS)
def my_learning(request: AuthenticatedRequest) -> HttpResponse:
    learning = learning_selectors.my_learning(actor=request.user)
    return render(
        request,
        "colleges/my_learning.html",
        {
            "learning": learning,
            "is_staff": staff_selectors.is_staff(actor=request.user),
            "title": "My learning",
        },
    )


@login_required
def my_sessions_ics(request: AuthenticatedRequest) -> HttpResponse:
    learning = learning_selectors.my_learning(actor=request.user)
    sessions = [session for _, session in learning.upcoming_sessions]
    return download(
        documents.sessions_ics("My courses", sessions, joining=True),
        "text/calendar",
        "my-courses.ics",
    )


@login_required
@require_POST
def enrolment_cancel(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    enrolment = learning_selectors.my_enrolment(actor=request.user, public_id=public_id)
    try:
        enrolment_services.enrolment_cancel(actor=request.user, enrolment=enrolment)
    except ApplicationError as exc:
        reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, f"You have cancelled your place on {enrolment.course.title}.")
    return redirect("colleges:my-learning")


@login_required
@require_POST
def offer_accept(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    enrolment = learning_selectors.my_enrolment(actor=request.user, public_id=public_id)
    try:
        enrolment_services.offer_accept(actor=request.user, enrolment=enrolment)
    except ApplicationError as exc:
        reraise_access(exc)
        messages.error(request, exc.message)
    else:
        messages.success(request, f"The place on {enrolment.course.title} is yours.")
    return redirect("colleges:my-learning")


@login_required
@require_POST
def certificate_issue(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    enrolment = learning_selectors.my_enrolment(actor=request.user, public_id=public_id)
    try:
        certificate = attendance_services.certificate_issue(actor=request.user, enrolment=enrolment)
    except ApplicationError as exc:
        reraise_access(exc)
        messages.error(request, exc.message)
        return redirect("colleges:my-learning")
    return redirect("colleges:certificate-pdf", public_id=certificate.public_id)


@login_required
def certificate_pdf(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    certificate = learning_selectors.certificate_get(actor=request.user, public_id=public_id)
    return download(
        documents.certificate_pdf(certificate),
        "application/pdf",
        f"certificate-{certificate.enrolment.course.title}.pdf",
    )


@login_required
@require_http_methods(["GET", "POST"])
def plan_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """Start or change my learning plan at a college."""
    college = staff_selectors.college_get(slug=slug)
    student = learning_selectors.student_for(actor=request.user, college=college)
    if student is None:
        raise NotFound("Register with the college first.")
    plan = getattr(student, "learning_plan", None)
    mine = learning_selectors.my_learning(actor=request.user)
    choices = {
        str(v.enrolment.course.pk): v.enrolment.course
        for v in mine.current + mine.past
        if v.enrolment.course.term.college_id == college.pk
    }
    initial = {
        "goals": plan.goals if plan else "",
        "courses": [str(c.pk) for c in plan.courses.all()] if plan else [],
    }
    form = PlanForm(request.POST or None, initial=initial)
    form.fields["courses"].choices = [(k, c.title) for k, c in choices.items()]  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid():
        try:
            plan = plan_services.plan_save(
                actor=request.user,
                student=student,
                goals=form.cleaned_data["goals"],
                courses=[choices[k] for k in form.cleaned_data["courses"]],
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "Your learning plan is saved.")
            return redirect("colleges:plan-detail", public_id=plan.public_id)
    return render(
        request,
        "colleges/plan_edit.html",
        {"college": college, "form": form, "plan": plan, "title": "My learning plan"},
        status=status_for(form),
    )


@login_required
@require_http_methods(["GET", "POST"])
@private_page(*PAGE_APPS)
def plan_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    plan = learning_selectors.plan_get(actor=request.user, public_id=public_id)
    is_owner = plan.student.user_id == request.user.pk
    advisors = learning_selectors.learning_advisors(college=plan.student.college)
    share = ShareForm(
        request.POST if "share" in request.POST else None,
        initial={"advisor": plan.shared_with_id or ""},
    )
    share.fields["advisor"].choices = [("", "Nobody (keep it private)")] + [  # type: ignore[attr-defined]
        (str(a.pk), a.display_name) for a in advisors
    ]
    note = NoteForm(request.POST if "note" in request.POST else None)
    if request.method == "POST":
        try:
            if "share" in request.POST and is_owner and share.is_valid():
                chosen = next(
                    (a for a in advisors if str(a.pk) == share.cleaned_data["advisor"]), None
                )
                plan_services.plan_share(actor=request.user, plan=plan, advisor=chosen)
                messages.success(
                    request,
                    f"Shared with {chosen.display_name}." if chosen else "Your plan is private.",
                )
                return redirect("colleges:plan-detail", public_id=plan.public_id)
            if "note" in request.POST and note.is_valid():
                plan_services.plan_note_add(
                    actor=request.user,
                    plan=plan,
                    text=note.cleaned_data["text"],
                    kind=note.cleaned_data["kind"],
                )
                messages.success(request, "Note added.")
                return redirect("colleges:plan-detail", public_id=plan.public_id)
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(note, exc)
    return render(
        request,
        "colleges/plan_detail.html",
        {
            "plan": plan,
            "is_owner": is_owner,
            "share": share,
            "note": note,
            "title": "Learning plan",
        },
        status=status_for(share, note),
    )
