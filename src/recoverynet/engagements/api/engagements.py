"""Engagements over HTTP: the team's list, a client's own, setting one up, one engagement."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Status
from ninja.pagination import paginate

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import Mapped, PageNumber
from recoverynet.core.errors import ApplicationError

from .. import access, selectors, services
from .routing import router
from .schemas import EngagementIn, EngagementOut, EngagementSummary, engagement_out, summary_out


def consultant_by_email(actor: Any, network: Any, email: str, field: str) -> Any:
    wanted = email.strip().lower()
    for user in selectors.consultant_choices(actor=actor, network=network):
        if user.email.lower() == wanted:
            return user
    raise ApplicationError(
        "invalid",
        "Give the e-mail address of a consultant on the network's team.",
        field=field,
        status=422,
    )


@router.get(
    "/engagements",
    response=list[EngagementSummary],
    auth=api_auth,
    summary="The engagements you work on (every one of a network you lead)",
)
@private_read(*access.PAGE_APPS)
@paginate(PageNumber)
def engagement_list(request: HttpRequest) -> Any:
    # Shaped a page at a time: a network's lead sees every engagement (2,100 at issue #17's scale).
    found = selectors.engagements_for_team(actor=request.user)
    # Counted by id: counting the rows would add up every engagement's days (62 ms at scale).
    return Mapped(found, summary_out, counted=found.order_by().values("pk"))


@router.get(
    "/engagements/ours",
    response=list[EngagementSummary],
    auth=api_auth,
    summary="Your organisation's engagements with the network (for its recovery lead)",
)
@private_read(*access.PAGE_APPS)
@paginate(PageNumber)
def client_list(request: HttpRequest) -> Any:
    found = selectors.engagements_for_client(actor=request.user)
    return Mapped(found, summary_out, counted=found.order_by().values("pk"))


@router.post(
    "/networks/{slug}/engagements",
    response={201: EngagementOut},
    auth=api_auth,
    summary="Set up an engagement (an enquiry, with its days if known)",
)
def engagement_create(request: HttpRequest, slug: str, payload: EngagementIn) -> Any:
    network = selectors.setup_network(actor=request.user, slug=slug)
    clients = {o.slug: o for o in selectors.client_choices(actor=request.user, network=network)}
    missing = [s for s in payload.organisations if s not in clients]
    if missing:
        raise ApplicationError(
            "invalid",
            f"Not an organisation of {network.name}: {', '.join(missing)}.",
            field="organisations",
            status=422,
        )
    engagement = services.engagement_create(
        actor=request.user,
        network=network,
        data=services.EngagementInput(
            kind=payload.kind,
            title=payload.title,
            summary=payload.summary,
            starts_on=payload.starts_on,
            ends_on=payload.ends_on,
            organisations=[clients[s] for s in payload.organisations],
            lead_consultant=consultant_by_email(
                request.user, network, payload.lead_consultant, "lead_consultant"
            ),
            team=[
                (consultant_by_email(request.user, network, t.email, "team"), t.expertise)
                for t in payload.team
            ],
            challenges=payload.challenges,
            invoicing=payload.invoicing,
            fee_net=payload.fee_net,
            day_rate_net=payload.day_rate_net,
            purchase_order=payload.purchase_order,
            client_contact_name=payload.client_contact_name,
            client_contact_email=payload.client_contact_email,
            days=payload.days,
        ),
    )
    found = selectors.engagement_get(actor=request.user, public_id=engagement.public_id)
    return Status(201, engagement_out(request.user, found))


@router.get(
    "/engagements/{engagement_id}",
    response=EngagementOut,
    auth=api_auth,
    summary="One engagement: what was agreed, days, sessions, outputs and invoices",
)
@private_read(*access.PAGE_APPS)
def engagement_detail(request: HttpRequest, engagement_id: UUID) -> Any:
    return engagement_out(
        request.user, selectors.engagement_get(actor=request.user, public_id=engagement_id)
    )
