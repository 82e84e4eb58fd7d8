"""What came out of an engagement: action plans (made by `plans`), documents (in the library,
with the library's own visibility), ground rules, strategies; and the client's self-assessment
rounds before and after (read through `challenges` selectors)."""

from __future__ import annotations

import uuid
from typing import Any

from django.db import transaction
from django.urls import reverse

from recoverynet.accounts.actors import Actor, person
from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_name, clean_text
from recoverynet.library import selectors as library_selectors
from recoverynet.plans import occasions
from recoverynet.plans import services as plan_services
from recoverynet.plans.topics import Source

from ..models import Engagement, Output, OutputKind, SessionState
from ..occasions import ENGAGEMENT_SESSION
from ..plan_source import SOURCE_KIND
from .common import engagement_url, require_manager

TEXT_KINDS = frozenset({OutputKind.GROUND_RULES, OutputKind.STRATEGY, OutputKind.OTHER})


def _client(engagement: Engagement, organisation_id: int, field: str) -> Any:
    for client in engagement.clients.select_related("organisation"):
        if client.organisation_id == organisation_id:
            return client.organisation
    raise ApplicationError(
        "invalid", "Choose one of the engagement's client organisations.", field=field, status=422
    )


def _session_occasion(
    engagement: Engagement, session_id: uuid.UUID | None
) -> occasions.OccasionRef | None:
    if session_id is None:
        return None
    if not engagement.sessions.filter(public_id=session_id, state=SessionState.DELIVERED).exists():
        raise ApplicationError(
            "invalid",
            "Choose one of the engagement's delivered sessions, or none.",
            field="session",
            status=422,
        )
    return occasions.OccasionRef(kind=ENGAGEMENT_SESSION, id=session_id)


@transaction.atomic
def output_plan_start(
    *,
    actor: Actor,
    engagement: Engagement,
    organisation_id: int,
    title: str,
    session_id: uuid.UUID | None = None,
) -> Output:
    """Start an action plan for a client in the plans app, linked back to the engagement; made at
    one of its delivered sessions (a plans occasion) when `session_id` names one."""
    require_manager(actor, engagement)
    organisation = _client(engagement, organisation_id, "organisation")
    title = clean_name(title, field="title", max_length=200)
    occasion = _session_occasion(engagement, session_id)
    plan = plan_services.plan_create(
        actor=actor,
        organisation=organisation,
        title=title,
        source=Source(
            kind=SOURCE_KIND,
            id=str(engagement.public_id),
            label=engagement.title,
            url=engagement_url(engagement),
        ),
        occasion=occasion,
    )
    output = Output.objects.create(
        engagement=engagement,
        kind=OutputKind.ACTION_PLAN,
        title=f"{title} ({organisation.name})",
        reference=str(plan.public_id),
        url=reverse("plans:plan-detail", args=[plan.public_id]),
        created_by=person(actor),
    )
    audit.record(
        actor=actor,
        action="engagements.output.plan",
        obj=engagement,
        changes={"plan": str(plan.public_id), "session": str(session_id or "")},
    )
    return output


@transaction.atomic
def output_document_link(*, actor: Actor, engagement: Engagement, resource_id: Any) -> Output:
    """Link a document filed in the library; who may open it is the library's rule."""
    require_manager(actor, engagement)
    try:
        resource = library_selectors.resource_get(actor=actor, public_id=resource_id)
    except (ApplicationError, ValueError) as exc:
        raise ApplicationError(
            "invalid",
            "Choose a resource in the library that you can see.",
            field="resource",
            status=422,
        ) from exc
    if engagement.outputs.filter(
        kind=OutputKind.DOCUMENT, reference=str(resource.public_id)
    ).exists():
        raise ApplicationError(
            "duplicate", "That document is already linked.", field="resource", status=409
        )
    output = Output.objects.create(
        engagement=engagement,
        kind=OutputKind.DOCUMENT,
        title=resource.title,
        reference=str(resource.public_id),
        url=reverse("library:resource-detail", args=[resource.public_id]),
        created_by=person(actor),
    )
    audit.record(
        actor=actor,
        action="engagements.output.document",
        obj=engagement,
        changes={"resource": output.reference},
    )
    return output


@transaction.atomic
def output_add(*, actor: Actor, engagement: Engagement, kind: str, title: str, text: str) -> Output:
    """Ground rules, a strategy or another written output."""
    require_manager(actor, engagement)
    if kind not in TEXT_KINDS:
        raise ApplicationError(
            "invalid", "Choose ground rules, a strategy or other.", field="kind", status=422
        )
    output = Output.objects.create(
        engagement=engagement,
        kind=kind,
        title=clean_name(title, field="title", max_length=200),
        text=clean_text(text, field="text", max_length=10000),
        created_by=person(actor),
    )
    audit.record(
        actor=actor, action="engagements.output.added", obj=engagement, changes={"kind": kind}
    )
    return output


def _round(actor: Actor, engagement: Engagement, public_id: Any, field: str) -> Any:
    if public_id in (None, ""):
        return None
    try:
        round_ = challenge_selectors.round_get(actor=actor, public_id=public_id)
    except (ApplicationError, ValueError) as exc:
        raise ApplicationError(
            "invalid",
            "Choose a self-assessment of a client that you can see.",
            field=field,
            status=422,
        ) from exc
    _client(engagement, round_.organisation_id, field)
    return round_


@transaction.atomic
def rounds_link(*, actor: Actor, engagement: Engagement, before: Any, after: Any) -> Engagement:
    """The client's self-assessment rounds before and after, shown side by side."""
    require_manager(actor, engagement)
    first = _round(actor, engagement, before, "round_before")
    second = _round(actor, engagement, after, "round_after")
    if first is not None and second is not None and first.created_at > second.created_at:
        raise ApplicationError(
            "invalid",
            "The round after must have started after the round before.",
            field="round_after",
            status=422,
        )
    engagement.round_before = first.public_id if first else None
    engagement.round_after = second.public_id if second else None
    engagement.save(update_fields=["round_before", "round_after", "updated_at"])
    audit.record(
        actor=actor,
        action="engagements.rounds.linked",
        obj=engagement,
        changes={
            "before": str(engagement.round_before or ""),
            "after": str(engagement.round_after or ""),
        },
    )
    return engagement
