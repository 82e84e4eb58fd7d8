"""The pages of the apps beyond the foundation and events that bench/pages.py measures, each app's
picked from a `generate_scale` installation by one function: (pages, {who: person}). A page's `who`
names the person it is asked for by; each is signed in (and given an API token) by page_subjects."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from page_subjects import Page

    from recoverynet.accounts.models import User

Picked = tuple[list["Page"], dict[str, "User"]]


def colleges() -> Picked:
    """The busy college (colleges/scale.py: the first, ~2,000 students): its current term's largest
    course (30 students, 5 waiting, a register for each past session), its manager, and its first
    student (many enrolments, a shared learning plan)."""
    from page_subjects import Page

    from recoverynet.colleges.models import College, CollegeStaff, Student, Term

    college = College.objects.order_by("pk").first()
    if college is None:
        return [], {}
    term = Term.objects.filter(college=college).order_by("-starts_on")[0]
    course = term.courses.order_by("-capacity", "pk")[0]
    register = course.sessions.filter(attendance__isnull=False).order_by("-number")[0]
    manager = CollegeStaff.objects.filter(college=college, role="manager").order_by("pk")[0].user
    student = Student.objects.filter(college=college).order_by("pk").select_related("user")[0]
    plan = student.learning_plan
    slug, ts, cp = college.slug, term.slug, course.public_id
    manage = f"/manage/colleges/{slug}"
    return [
        Page("colleges", "/colleges/", "anyone"),
        Page("college page", f"/colleges/{slug}/", "anyone"),
        Page("prospectus", f"/colleges/{slug}/terms/{ts}/", "anyone"),
        Page("course page", f"/courses/{cp}/", "anyone"),
        Page("my learning", "/my-learning/", "student"),
        Page("learning plan", f"/learning-plans/{plan.public_id}/", "student"),
        Page("course students", f"{manage}/courses/{cp}/", "college"),
        Page("register", f"{manage}/sessions/{register.pk}/register/", "college"),
        Page("term report", f"{manage}/terms/{ts}/report/", "college"),
        Page("API colleges", "/api/v1/colleges", "anyone", api=True),
        Page("API prospectus", f"/api/v1/colleges/{slug}/terms/{ts}/courses", "anyone", api=True),
        Page("API course", f"/api/v1/courses/{cp}", "anyone", api=True),
        Page("API my enrolments", "/api/v1/me/enrolments", "student", api=True),
        Page("API register", f"/api/v1/sessions/{register.pk}/attendance", "college", api=True),
    ], {"college": manager, "student": student.user}


APP_PAGES: list[Callable[[], Picked]] = [colleges]
