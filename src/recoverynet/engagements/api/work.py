"""The team's work on an engagement over HTTP: status, days, top-ups, sessions, outputs, the
self-assessment rounds before and after, invoicing days used, the buddying log."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError

from .. import selectors, services
from .engagements import consultant_by_email
from .routing import router
from .schemas import (
    DaysIn,
    DocumentIn,
    EngagementOut,
    LogOut,
    OutputIn,
    PlanOutputIn,
    RoundsIn,
    SessionIn,
    StatusIn,
    TopUpIn,
    engagement_out,
)


def _found(request: HttpRequest, engagement_id: UUID) -> selectors.Found:
    return selectors.engagement_get(actor=request.user, public_id=engagement_id)


def _again(request: HttpRequest, engagement_id: UUID) -> dict[str, Any]:
    return engagement_out(request.user, _found(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/status",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Move an engagement on (proposed, agreed, in progress, closed, not going ahead)",
)
def status_set(request: HttpRequest, engagement_id: UUID, payload: StatusIn) -> Any:
    found = _found(request, engagement_id)
    services.engagement_status_set(
        actor=request.user, engagement=found.engagement, status=payload.status
    )
    return _again(request, engagement_id)


@router.put(
    "/engagements/{engagement_id}/allocation",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Set the agreed days (refused once agreed: add a top-up instead)",
)
def allocation_set(request: HttpRequest, engagement_id: UUID, payload: DaysIn) -> Any:
    found = _found(request, engagement_id)
    services.allocation_set(actor=request.user, engagement=found.engagement, days=payload.days)
    return _again(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/top-ups",
    response={201: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Ask for more days (a variation; counts once the network lead approves it)",
)
def top_up_request(request: HttpRequest, engagement_id: UUID, payload: TopUpIn) -> Any:
    found = _found(request, engagement_id)
    services.top_up_request(
        actor=request.user, engagement=found.engagement, days=payload.days, reason=payload.reason
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/top-ups/{top_up_id}/approve",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Approve a top-up (the network lead)",
)
def top_up_approve(request: HttpRequest, engagement_id: UUID, top_up_id: int) -> Any:
    found = _found(request, engagement_id)
    services.top_up_approve(actor=request.user, engagement=found.engagement, top_up_id=top_up_id)
    return _again(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/sessions",
    response={201: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Log a session, planned or delivered (409 days_used_up when it would over-run "
    "without a reason)",
)
def session_log(request: HttpRequest, engagement_id: UUID, payload: SessionIn) -> Any:
    found = _found(request, engagement_id)
    engagement = found.engagement
    consultant = consultant_by_email(
        request.user, engagement.network, payload.consultant, "consultant"
    )
    services.session_log(
        actor=request.user,
        engagement=engagement,
        data=services.SessionInput(
            on=payload.on,
            consultant=consultant,
            days=payload.days,
            state=payload.state,
            place=payload.place,
            notes=payload.notes,
            attended_staff=payload.attended_staff,
            attended_lived_experience=payload.attended_lived_experience,
            attended_family_carers=payload.attended_family_carers,
            attended_other=payload.attended_other,
            over_run_reason=payload.over_run_reason,
        ),
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/outputs",
    response={201: EngagementOut},
    auth=api_auth,
    summary="Record ground rules, a strategy or another written output",
)
def output_add(request: HttpRequest, engagement_id: UUID, payload: OutputIn) -> Any:
    found = _found(request, engagement_id)
    services.output_add(
        actor=request.user,
        engagement=found.engagement,
        kind=payload.kind,
        title=payload.title,
        text=payload.text,
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/outputs/action-plan",
    response={201: EngagementOut},
    auth=api_auth,
    summary="Start an action plan for a client (in the action plans app), linked to the engagement",
)
def output_plan(request: HttpRequest, engagement_id: UUID, payload: PlanOutputIn) -> Any:
    found = _found(request, engagement_id)
    organisation = next(
        (
            c.organisation
            for c in found.engagement.clients.all()
            if c.organisation.slug == payload.organisation
        ),
        None,
    )
    if organisation is None:
        raise ApplicationError(
            "invalid",
            "Choose one of the engagement's client organisations.",
            field="organisation",
            status=422,
        )
    services.output_plan_start(
        actor=request.user,
        engagement=found.engagement,
        organisation_id=organisation.pk,
        title=payload.title,
        session_id=payload.session,
    )
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/outputs/document",
    response={201: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Link a document filed in the library (its visibility stays the library's)",
)
def output_document(request: HttpRequest, engagement_id: UUID, payload: DocumentIn) -> Any:
    found = _found(request, engagement_id)
    services.output_document_link(
        actor=request.user, engagement=found.engagement, resource_id=payload.resource
    )
    return Status(201, _again(request, engagement_id))


@router.put(
    "/engagements/{engagement_id}/rounds",
    response=EngagementOut,
    auth=api_auth,
    summary="Link the client's self-assessment rounds before and after",
)
def rounds_link(request: HttpRequest, engagement_id: UUID, payload: RoundsIn) -> Any:
    found = _found(request, engagement_id)
    services.rounds_link(
        actor=request.user,
        engagement=found.engagement,
        before=payload.round_before,
        after=payload.round_after,
    )
    return _again(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/invoice-days",
    response={201: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Invoice the days delivered and not yet invoiced (engagements invoiced per day used)",
)
def invoice_days(request: HttpRequest, engagement_id: UUID) -> Any:
    found = _found(request, engagement_id)
    services.days_invoice(actor=request.user, engagement=found.engagement)
    return Status(201, _again(request, engagement_id))


@router.post(
    "/engagements/{engagement_id}/log",
    response={201: LogOut, **errors(409)},
    auth=api_auth,
    summary="Add a meeting to a buddying pair's log (the partners and the network team)",
)
def log_add(request: HttpRequest, engagement_id: UUID, payload: LogOut) -> Any:
    found = _found(request, engagement_id)
    entry = services.log_entry_add(
        actor=request.user, engagement=found.engagement, on=payload.on, text=payload.text
    )
    return Status(201, {"on": entry.on, "text": entry.text})
