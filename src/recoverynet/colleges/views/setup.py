"""Setting a college up: its public page, venues (with access information), staff roles and the
questions its registration form asks. For the people who run it (staff roles and the public page:
its manager and its networks' coordinators)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError
from recoverynet.core.forms import add_service_error

from ..forms.setup import PublicPageForm, QuestionEditForm, QuestionForm, StaffGrantForm, VenueForm
from ..models import College
from ..selectors import invitations as invitation_selectors
from ..selectors import setup as selectors
from ..selectors import staff as staff_selectors
from ..services import college as college_services
from ..services import staff_invitations as invitation_services
from ..services import student as student_services
from ..services.college import PUBLIC_FIELDS
from .common import reraise_access, status_for


def _saved(
    request: AuthenticatedRequest, form: forms.Form, save: Callable[[], Any], message: str
) -> bool:
    """Run the service for a valid form; a refusal shows on the form, access errors are raised."""
    if request.method != "POST" or not form.is_valid():
        return False
    try:
        save()
    except ApplicationError as exc:
        reraise_access(exc)
        add_service_error(form, exc)
        return False
    if message:
        messages.success(request, message)
    return True


def _page(
    request: AuthenticatedRequest, template: str, form: forms.Form, **context: Any
) -> HttpResponse:
    return render(
        request, f"colleges/manage/{template}", {"form": form, **context}, status=status_for(form)
    )


def _college(slug: str) -> College:
    return staff_selectors.college_get(slug=slug)


@login_required
@require_http_methods(["GET", "POST"])
def public_page_edit(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = _college(slug)
    selectors.require_manager(request.user, college)
    initial = {field: getattr(college, field) for field in PUBLIC_FIELDS}
    form = PublicPageForm(request.POST or None, initial=initial)

    def save() -> None:
        college_services.college_update(actor=request.user, college=college, **form.cleaned_data)

    if _saved(request, form, save, "The public page is updated."):
        return redirect("colleges:college-detail", slug=college.slug)
    return _page(request, "public_page.html", form, college=college, title="Change the public page")


@login_required
@require_http_methods(["GET", "POST"])
def venues(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = _college(slug)
    rows = list(selectors.venues(actor=request.user, college=college))
    form = VenueForm(request.POST or None)

    def save() -> None:
        college_services.venue_create(actor=request.user, college=college, **form.cleaned_data)

    if _saved(request, form, save, "The venue is added."):
        return redirect("colleges:venues", slug=college.slug)
    return _page(request, "venues.html", form, college=college, venues=rows, title="Venues")


@login_required
@require_http_methods(["GET", "POST"])
def venue_edit(request: AuthenticatedRequest, slug: str, venue_id: int) -> HttpResponse:
    college = _college(slug)
    venue = selectors.venue_get(actor=request.user, college=college, venue_id=venue_id)
    initial = {"name": venue.name, "address": venue.address}
    initial["access_information"] = venue.access_information
    form = VenueForm(request.POST or None, initial=initial)

    def save() -> None:
        college_services.venue_update(actor=request.user, venue=venue, **form.cleaned_data)

    if _saved(request, form, save, "The venue is updated."):
        return redirect("colleges:venues", slug=college.slug)
    return _page(
        request, "venue_edit.html", form, college=college, venue=venue, title=f"Change {venue.name}"
    )


@login_required
@require_http_methods(["GET", "POST"])
def staff(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = _college(slug)
    rows = list(selectors.staff_rows(actor=request.user, college=college))
    pending = list(invitation_selectors.pending_invitations(actor=request.user, college=college))
    form = StaffGrantForm(request.POST or None)

    def save() -> None:
        email, role = form.cleaned_data["email"], form.cleaned_data["role"]
        user = selectors.person_by_email(actor=request.user, college=college, email=email)
        if user is None:  # no account yet: invite them, and the link gives the role
            invitation_services.staff_invitation_create(
                actor=request.user, college=college, email=email, role=role
            )
            messages.success(request, f"We have sent an invitation to {email}.")
            return
        college_services.staff_role_grant(actor=request.user, college=college, user=user, role=role)
        messages.success(request, "The role is given.")

    if _saved(request, form, save, ""):
        return redirect("colleges:staff", slug=college.slug)
    return _page(
        request,
        "staff.html",
        form,
        college=college,
        rows=rows,
        invitations=pending,
        now=timezone.now(),
        title="Staff roles",
    )


@login_required
@require_POST
def staff_revoke(request: AuthenticatedRequest, slug: str, row_id: int) -> HttpResponse:
    college = _college(slug)
    row = selectors.staff_row_get(actor=request.user, college=college, row_id=row_id)
    college_services.staff_role_revoke(actor=request.user, row=row)
    messages.success(request, f"{row.user.display_name} is no longer {row.get_role_display()}.")
    return redirect("colleges:staff", slug=college.slug)


@login_required
@require_http_methods(["GET", "POST"])
def questions(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    college = _college(slug)
    rows = list(selectors.questions(actor=request.user, college=college))
    form = QuestionForm(request.POST or None)

    def save() -> None:
        student_services.question_add(actor=request.user, college=college, **form.cleaned_data)

    if _saved(request, form, save, "The question is added to the registration form."):
        return redirect("colleges:questions", slug=college.slug)
    return _page(
        request,
        "questions.html",
        form,
        college=college,
        questions=rows,
        title="Registration questions",
    )


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: AuthenticatedRequest, slug: str, question_id: int) -> HttpResponse:
    college = _college(slug)
    question = selectors.question_get(actor=request.user, college=college, question_id=question_id)
    initial: dict[str, object] = {"label": question.label, "hint": question.hint}
    initial |= {"required": question.required, "active": question.active}
    form = QuestionEditForm(request.POST or None, initial=initial)

    def save() -> None:
        student_services.question_update(actor=request.user, question=question, **form.cleaned_data)

    if _saved(request, form, save, "The question is updated."):
        return redirect("colleges:questions", slug=college.slug)
    return _page(
        request,
        "question_edit.html",
        form,
        college=college,
        question=question,
        title="Change a registration question",
    )
