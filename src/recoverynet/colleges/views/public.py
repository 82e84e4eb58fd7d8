"""Public pages: the colleges, a college's page, a term's prospectus (filters, PDF, .ics), the Atom
feed and a course's page with its Enrol button."""

from __future__ import annotations

from uuid import UUID

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_POST

from recoverynet.core.errors import ApplicationError
from recoverynet.core.pagination import paginate, query_without_page

from .. import documents
from ..forms import ProspectusFilterForm
from ..public_pages import kept_public
from ..selectors import courses as course_selectors
from ..selectors import learning as learning_selectors
from ..selectors import staff as staff_selectors
from ..services import enrolment as enrolment_services
from .common import download


@require_GET
@kept_public
def college_list(request: HttpRequest) -> HttpResponse:
    colleges = staff_selectors.college_list(network_slug=request.GET.get("network") or None)
    return render(
        request, "colleges/college_list.html", {"colleges": colleges, "title": "Recovery Colleges"}
    )


@require_GET
@kept_public
def college_detail(request: HttpRequest, slug: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    terms = course_selectors.terms_for_college(actor=request.user, college=college)
    return render(
        request,
        "colleges/college_detail.html",
        {
            "college": college,
            "terms": terms,
            "student": learning_selectors.student_for(actor=request.user, college=college),
            "is_staff": staff_selectors.roles_of_actor_at(actor=request.user, college=college),
            "title": college.name,
        },
    )


@require_GET
@kept_public
def prospectus(request: HttpRequest, slug: str, term: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    form = ProspectusFilterForm(request.GET or None)
    form.fields["venue"].choices = [("", "Any venue")] + [  # type: ignore[attr-defined]
        (str(v.pk), v.name) for v in college.venues.all()
    ]
    form.fields["day"].choices = [("", "Any day"), *course_selectors.WEEKDAYS]  # type: ignore[attr-defined]
    filters = course_selectors.ProspectusFilters.from_query(request.GET)
    page_obj = paginate(
        request, course_selectors.prospectus(term=found, filters=filters), per_page=40
    )
    return render(
        request,
        "colleges/prospectus.html",
        {
            "college": college,
            "term": found,
            "courses": [(c, course_selectors.places_left(c)) for c in page_obj.object_list],
            "page_obj": page_obj,
            "query": query_without_page(request),
            "form": form,
            "filtered": any(vars(filters).values()),
            "title": f"{found.name} prospectus",
        },
    )


@require_GET
def prospectus_pdf(request: HttpRequest, slug: str, term: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    courses = list(course_selectors.prospectus(term=found))
    pdf = documents.prospectus_pdf(found, courses)
    return download(pdf, "application/pdf", f"{college.slug}-{found.slug}-prospectus.pdf")


@require_GET
def term_ics(request: HttpRequest, slug: str, term: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    found = course_selectors.term_get(actor=request.user, college=college, slug=term)
    sessions = course_selectors.all_published_sessions(term=found)
    ics = documents.sessions_ics(f"{college.name}: {found.name}", sessions)
    return download(ics, "text/calendar", f"{college.slug}-{found.slug}.ics")


@require_GET
def college_feed(request: HttpRequest, slug: str) -> HttpResponse:
    college = staff_selectors.college_get(slug=slug)
    courses = course_selectors.college_feed_courses(college=college)
    return HttpResponse(documents.atom_feed(college, courses), content_type="application/atom+xml")


@require_GET
@kept_public
def course_detail(request: HttpRequest, public_id: UUID) -> HttpResponse:
    course = course_selectors.course_get(actor=request.user, public_id=public_id)
    college = course.term.college
    return render(
        request,
        "colleges/course_detail.html",
        {
            "course": course,
            "college": college,
            "places_left": course_selectors.places_left(course),
            "student": learning_selectors.student_for(actor=request.user, college=college),
            "title": course.title,
        },
    )


@require_POST
def course_enrol(request: HttpRequest, public_id: UUID) -> HttpResponse:
    if not request.user.is_authenticated:
        return redirect_to_login(request.path.removesuffix("enrol/"))
    course = course_selectors.course_get(actor=request.user, public_id=public_id)
    try:
        enrolment = enrolment_services.enrolment_create(actor=request.user, course=course)
    except ApplicationError as exc:
        if exc.code == "not_registered":
            return redirect("colleges:register", slug=course.term.college.slug)
        if exc.status in (401, 403, 404):
            raise
        messages.error(request, exc.message)
        return redirect("colleges:course-detail", public_id=course.public_id)
    if enrolment.status == "enrolled":
        messages.success(request, f"You are enrolled on {course.title}.")
    else:
        messages.info(request, f"{course.title} is full: you are on the waiting list.")
    return redirect("colleges:my-learning")
