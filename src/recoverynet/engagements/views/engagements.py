"""Pages: the team's engagements, a client's engagements, setting one up, and one engagement
(the team's full view, the client's view, or a buddying partner's goals and log)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from recoverynet.accounts.http import AuthenticatedRequest
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.forms import add_service_error
from recoverynet.core.private_pages import private_page

from .. import access, selectors, services
from ..feedback import KIND as FEEDBACK_KIND
from ..forms import (
    AllocationForm,
    DocumentForm,
    EngagementForm,
    LogForm,
    OutputForm,
    PlanStartForm,
    RoundsForm,
    SessionForm,
    StatusForm,
    TopUpForm,
)
from ..models import OutputKind
from .common import delivered_sessions, next_statuses, reraise_access, status_code, team_people

ROWS_PER_PAGE = 50


def _row(engagement: Any) -> dict[str, Any]:
    return {"engagement": engagement, "drawdown": selectors.drawdown(engagement)}


@login_required
@require_GET
@private_page(*access.PAGE_APPS)
def engagement_list(request: AuthenticatedRequest) -> HttpResponse:
    if not access.may_use_engagements(request.user):
        raise PermissionDenied("Only the network team's consultants can see engagements.")
    # A page at a time: a network's lead sees every engagement (2,100 at issue #17's scale).
    page = Paginator(selectors.engagements_for_team(actor=request.user), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagements/list.html",
        {
            "rows": [_row(e) for e in page.object_list],
            "page_obj": page,
            "networks": selectors.team_networks(actor=request.user),
            "feed_page": bool(access.consulting_network_ids(request.user)),
            "title": "Engagements",
        },
    )


@login_required
@require_GET
@private_page(*access.PAGE_APPS)
def client_list(request: AuthenticatedRequest) -> HttpResponse:
    page = Paginator(selectors.engagements_for_client(actor=request.user), ROWS_PER_PAGE).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "engagements/client_list.html",
        {
            "rows": [_row(e) for e in page.object_list],
            "page_obj": page,
            "title": "Your organisation's engagements with the network",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def engagement_create(request: AuthenticatedRequest, slug: str) -> HttpResponse:
    network = selectors.setup_network(actor=request.user, slug=slug)
    form = EngagementForm(
        request.POST if request.method == "POST" else None,
        organisations=selectors.client_choices(actor=request.user, network=network),
        consultants=selectors.consultant_choices(actor=request.user, network=network),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            engagement = services.engagement_create(
                actor=request.user,
                network=network,
                data=services.EngagementInput(
                    kind=data["kind"],
                    title=data["title"],
                    summary=data["summary"],
                    starts_on=data["starts_on"],
                    ends_on=data["ends_on"],
                    organisations=form.chosen_organisations(),
                    lead_consultant=form.chosen_consultant(),
                    challenges=[int(n) for n in data["challenges"]],
                    invoicing=data["invoicing"],
                    fee_net=data["fee_net"],
                    day_rate_net=data["day_rate_net"],
                    purchase_order=data["purchase_order"],
                    client_contact_name=data["client_contact_name"],
                    client_contact_email=data["client_contact_email"],
                    days=data["days"],
                ),
            )
        except ApplicationError as exc:
            reraise_access(exc)
            add_service_error(form, exc)
        else:
            messages.success(request, "The engagement is set up.")
            return redirect("engagements:detail", public_id=engagement.public_id)
    return render(
        request,
        "engagements/create.html",
        {"form": form, "network": network, "title": f"Set up an engagement: {network.name}"},
        status=status_code(form),
    )


def detail_context(
    request: AuthenticatedRequest, found: selectors.Found, **forms: Any
) -> dict[str, Any]:
    engagement = found.engagement
    context: dict[str, Any] = {
        "engagement": engagement,
        "view": found.view,
        "title": engagement.title,
        "clients": [c.organisation for c in engagement.clients.all()],
    }
    if found.view == selectors.View.BUDDY:
        context["log_form"] = forms.get("log_form") or LogForm()
        return context
    drawdown = selectors.drawdown(engagement)
    context.update(
        drawdown=drawdown,
        burn=selectors.engagement_burn(engagement),
        chart=selectors.burn_chart(engagement),
        invoices=selectors.invoices(actor=request.user, found=found),
        rounds=selectors.rounds_side_by_side(actor=request.user, found=found),
        sessions=list(engagement.sessions.all()),
        session_feedback=selectors.session_feedback(actor=request.user, found=found),
        pooled=selectors.session_feedback_pooled(actor=request.user, found=found),
        feedback_kind=FEEDBACK_KIND,
        top_ups=list(engagement.allocation.top_ups.all()) if drawdown.allocated else [],
        challenges=engagement.challenges,
    )
    if found.view == selectors.View.TEAM:
        people = team_people(engagement)
        context.update(
            team=people,
            can_approve=access.can_approve_top_up(request.user, engagement),
            status_form=forms.get("status_form") or StatusForm(choices=next_statuses(engagement)),
            top_up_form=forms.get("top_up_form") or TopUpForm(),
            allocation_form=forms.get("allocation_form") or AllocationForm(),
            session_form=forms.get("session_form") or SessionForm(consultants=people),
            output_form=forms.get("output_form") or OutputForm(),
            log_form=forms.get("log_form") or LogForm(),
            output_kinds=OutputKind,
            plan_form=forms.get("plan_form")
            or PlanStartForm(
                organisations=context["clients"], sessions=delivered_sessions(engagement)
            ),
            document_form=forms.get("document_form") or DocumentForm(),
            rounds_form=forms.get("rounds_form")
            or RoundsForm(
                rounds=selectors.client_rounds(actor=request.user, found=found),
                initial={
                    "round_before": str(engagement.round_before or ""),
                    "round_after": str(engagement.round_after or ""),
                },
            ),
        )
    return context


@login_required
@require_GET
@private_page(*access.PAGE_APPS)
def engagement_detail(request: AuthenticatedRequest, public_id: UUID) -> HttpResponse:
    found = selectors.engagement_get(actor=request.user, public_id=public_id)
    return render(request, "engagements/detail.html", detail_context(request, found))
