"""Pages for external peer reviews: the list a person may see, starting one (network team), one
review with the forms for its stage (self-review, team, timetable, findings, report, response,
follow-up actions) and the report as a PDF."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.downloads import protect
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.pdf import render_pdf

from .. import fidelity as structure
from .. import network_access
from ..network_forms import (
    CollegeChoiceForm,
    FindingForm,
    PlanTitleForm,
    ReportForm,
    ResponseForm,
    ReviewerForm,
    SelfReviewForm,
    SlotForm,
    VisitForm,
)
from ..selectors import network as network_selectors
from ..selectors import peer_review as selectors
from ..services import peer_review as services
from ..services import peer_review_visit as visit_services
from .network_common import show_error, status_of, which


@login_required
@require_http_methods(["GET", "POST"])
def network_peer_reviews(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    """The network team's page: every peer review in the network, and starting one."""
    network = network_selectors.network_for_member_or_team(actor=request.user, slug=slug)
    if not network_access.is_team(request.user, network.pk):
        raise PermissionDenied("Only the network team sees every peer review.")
    colleges = list(network_selectors.member_colleges(network))
    form = CollegeChoiceForm(
        request.POST if request.method == "POST" else None,
        colleges=colleges,
        label="College to review",
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.peer_review_start(
                actor=request.user, network=network, college=form.chosen()
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(
                request, "The peer review has started. The college can now write its self-review."
            )
            return redirect("learning_network:peer-review", public_id=review.public_id)
    reviews = [
        r for r in selectors.peer_reviews_visible(actor=request.user) if r.network_id == network.pk
    ]
    return render(
        request,
        "colleges/network/peer_reviews.html",
        {
            "network": network,
            "reviews": reviews,
            "form": form if network_access.supports(request.user, network.pk) else None,
            "title": f"Peer reviews in {network.name}",
        },
        status=status_of(form),
    )


@login_required
def my_peer_reviews(request: AuthenticatedRequest) -> HttpResponse:
    return render(
        request,
        "colleges/network/peer_reviews.html",
        {"reviews": selectors.peer_reviews_visible(actor=request.user), "title": "Peer reviews"},
    )


FORMS: dict[str, Any] = {
    "visit": VisitForm,
    "slot": SlotForm,
    "finding": FindingForm,
    "report": ReportForm,
    "response": ResponseForm,
    "plan": PlanTitleForm,
}


def _act(request: AuthenticatedRequest, review: Any, sent: str, form: forms.Form | None) -> Any:
    """Call the one service for the form that was sent; returns a plan when one was started."""
    actor = request.user
    data = form.cleaned_data if form is not None else {}
    if sent == "reviewer":
        assert isinstance(form, ReviewerForm)
        services.reviewer_add(
            actor=actor,
            review=review,
            email=data["email"],
            home_college=form.chosen(),
            role=data["role"],
        )
    elif sent == "remove":
        raw = str(request.POST.get("member", ""))
        member_id = int(raw) if raw.isdigit() else 0
        services.reviewer_remove(actor=actor, review=review, member_id=member_id)
    elif sent == "confidentiality":
        services.confidentiality_agree(actor=actor, review=review)
    elif sent == "visit":
        visit_services.visit_plan(actor=actor, review=review, visit_on=data["visit_on"])
    elif sent == "slot":
        visit_services.visit_slot_add(
            actor=actor,
            review=review,
            starts_at=data["starts_at"],
            ends_at=data["ends_at"],
            activity=data["activity"],
            with_whom=data["with_whom"],
        )
    elif sent == "finding":
        visit_services.finding_add(actor=actor, review=review, kind=data["kind"], text=data["text"])
    elif sent == "report":
        visit_services.report_publish(actor=actor, review=review, summary=data["summary"])
    elif sent == "response":
        visit_services.response_save(actor=actor, review=review, response=data["response"])
    elif sent == "close":
        visit_services.peer_review_close(actor=actor, review=review)
    elif sent == "plan":
        return visit_services.followup_plan_create(actor=actor, review=review, title=data["title"])
    return None


@login_required
@require_http_methods(["GET", "POST"])
def peer_review(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    review = selectors.peer_review_get(actor=request.user, public_id=public_id)
    sent = which(request)
    colleges = [
        c for c in network_selectors.member_colleges(review.network) if c.pk != review.college_id
    ]
    bound = request.POST if request.method == "POST" else None
    built: dict[str, forms.Form] = {
        "reviewer": ReviewerForm(
            bound if sent == "reviewer" else None, colleges=colleges, label="Their college"
        ),
    }
    for name, cls in FORMS.items():
        initial = (
            {"title": f"Follow-up from the peer review of {review.college.name}"}
            if name == "plan"
            else None
        )
        built[name] = cls(bound if sent == name else None, initial=initial)
    form = built.get(sent)
    if sent and (form is None or form.is_valid()):
        try:
            plan = _act(request, review, sent, form)
        except ApplicationError as exc:
            if form is None:
                if exc.status in (401, 403, 404):
                    raise
                messages.error(request, exc.message)
                return redirect("learning_network:peer-review", public_id=review.public_id)
            show_error(form, exc)
        else:
            if plan is not None:
                return redirect("plans:plan-detail", public_id=plan.public_id)
            messages.success(request, "Saved.")
            return redirect("learning_network:peer-review", public_id=review.public_id)
    actor = request.user
    member = next((m for m in review.team.all() if m.user_id == actor.pk), None)
    findings = list(review.findings.all())
    return render(
        request,
        "colleges/network/peer_review.html",
        {
            "review": review,
            "forms": built,
            "supports": network_access.supports(actor, review.network_id),
            "college_manager": network_access.can_run_college_work(
                actor, review.college, review.network_id
            ),
            "member": member,
            "can_write": network_access.supports(actor, review.network_id)
            or (member is not None and member.confidentiality_agreed_at is not None),
            "is_lead": selectors.is_lead(actor, review),
            "self_review": _self_review_rows(review),
            "preliminary": [f for f in findings if f.kind == "preliminary"],
            "strengths": [f for f in findings if f.kind == "strength"],
            "recommendations": [f for f in findings if f.kind == "recommendation"],
            "has_lived_experience": any(m.role == "lived_experience" for m in review.team.all()),
            "title": f"Peer review of {review.college.name}",
        },
        status=status_of(*built.values()),
    )


def _self_review_rows(review: Any) -> list[dict[str, Any]]:
    entries = {e.area: e for e in review.self_review.all()}
    return [{"component": c, "entry": entries.get(c.key)} for c in structure.COMPONENTS]


@login_required
@require_http_methods(["GET", "POST"])
def self_review(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    review = selectors.peer_review_get(actor=request.user, public_id=public_id)
    if not network_access.can_run_college_work(request.user, review.college, review.network_id):
        raise PermissionDenied("Only the college's managers write its self-review.")
    form = SelfReviewForm(
        request.POST if request.method == "POST" else None,
        current={e.area: e for e in review.self_review.all()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.self_review_save(
                actor=request.user,
                review=review,
                entries=form.entries(),
                submit=request.POST.get("submit") == "send",
            )
        except ApplicationError as exc:
            show_error(form, exc)
        else:
            messages.success(request, "The self-review is saved.")
            return redirect("learning_network:peer-review", public_id=review.public_id)
    return render(
        request,
        "colleges/network/self_review.html",
        {"review": review, "form": form, "title": f"Self-review: {review.college.name}"},
        status=status_of(form),
    )


@login_required
def report_pdf(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    review = selectors.peer_review_get(actor=request.user, public_id=public_id)
    if review.report_published_at is None:
        raise PermissionDenied("The report has not been published yet.")
    findings = list(review.findings.all())
    pdf = render_pdf(
        "colleges/network/report_pdf.html",
        {
            "review": review,
            "strengths": [f for f in findings if f.kind == "strength"],
            "recommendations": [f for f in findings if f.kind == "recommendation"],
            "self_review": _self_review_rows(review),
        },
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    return protect(response, filename=f"peer-review-{review.college.slug}.pdf")
