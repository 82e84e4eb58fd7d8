"""Action plans over HTTP: plans, actions (owner, due date, status, notes) and reviews."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from recoverynet.accounts.api_auth import api_auth, private_read
from recoverynet.core.api import errors
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name
from recoverynet.network import selectors as network_selectors

from . import selectors, services, topics
from .occasions import OccasionRef

router = Router(tags=["action plans"])


class ActionNoteOut(Schema):
    at: datetime.datetime
    author: str | None
    text: str
    status_change: str


class ActionOut(Schema):
    id: int
    what: str
    topic: str
    topic_label: str
    owner: str | None
    owner_role: str
    due: datetime.date | None
    status: str
    dropped_reason: str
    overdue: bool
    notes: list[ActionNoteOut]


class OccasionOut(Schema):
    kind: str = Field(description='e.g. "learning_day"')
    id: UUID = Field(description="The occasion's public id in the app that owns the kind")
    label: str | None = Field(description="None when the occasion's app no longer knows it")
    date: datetime.date | None
    url: str = Field(description="A path to the occasion's page, or empty")


class OccasionIn(Schema):
    kind: str = Field(max_length=40)
    id: UUID


EVENT_ALIAS = Field(
    description="Deprecated: use `occasion`. The occasion's id when it is a learning-set day "
    '(kind "learning_day"), otherwise null.',
    json_schema_extra={"deprecated": True},
)


class ReviewOut(Schema):
    at: datetime.datetime
    progress: str
    reset_goals: str
    occasion: OccasionOut | None
    event: UUID | None = EVENT_ALIAS


class SourceOut(Schema):
    kind: str
    id: str
    label: str
    url: str


class PlanOut(Schema):
    id: UUID
    organisation: str
    title: str
    source: SourceOut | None
    occasion: OccasionOut | None = Field(description="The occasion the plan was made at")
    event: UUID | None = EVENT_ALIAS
    actions: list[ActionOut]
    reviews: list[ReviewOut]


LEARNING_DAY = "learning_day"  # the kind the deprecated `event` field stands for


def _occasion_out(row: Any) -> dict[str, Any] | None:
    ref = row.occasion_ref
    if ref is None:
        return None
    found = row.occasion
    return {
        "kind": ref.kind,
        "id": ref.id,
        "label": found.label if found else None,
        "date": found.date if found else None,
        "url": found.url if found else "",
    }


def _event_alias(row: Any) -> UUID | None:
    return row.occasion_id if row.occasion_kind == LEARNING_DAY else None


def plan_out(plan: Any) -> dict[str, Any]:
    source = (
        {
            "kind": plan.source_kind,
            "id": plan.source_id,
            "label": plan.source_label,
            "url": plan.source_url,
        }
        if plan.source_kind
        else None
    )
    return {
        "id": plan.public_id,
        "organisation": plan.organisation.slug,
        "title": plan.title,
        "source": source,
        "occasion": _occasion_out(plan),
        "event": _event_alias(plan),
        "actions": [
            {
                "id": a.pk,
                "what": a.what,
                "topic": a.topic,
                "topic_label": a.topic_label,
                "owner": a.owner.email if a.owner else None,
                "owner_role": a.owner_role,
                "due": a.due,
                "status": a.status,
                "dropped_reason": a.dropped_reason,
                "overdue": selectors.is_overdue(a),
                "notes": [
                    {
                        "at": n.created_at,
                        "author": n.author.email if n.author else None,
                        "text": n.text,
                        "status_change": n.status_change,
                    }
                    for n in a.notes.all()
                ],
            }
            for a in plan.actions.all()
        ],
        "reviews": [
            {
                "at": r.created_at,
                "progress": r.progress,
                "reset_goals": r.reset_goals,
                "occasion": _occasion_out(r),
                "event": _event_alias(r),
            }
            for r in plan.reviews.all()
        ],
    }


def _ref(occasion: OccasionIn | None) -> OccasionRef | None:
    return OccasionRef(kind=occasion.kind, id=occasion.id) if occasion else None


class PlanIn(Schema):
    title: Name = Field(max_length=200)
    occasion: OccasionIn | None = Field(
        None, description="The occasion the plan was made at: one the organisation took part in"
    )


class ActionIn(Schema):
    what: str = Field(min_length=1, max_length=500)
    topic: str = Field("", max_length=100)
    owner_email: str = Field("", max_length=254)
    owner_role: Line = Field("", max_length=150)
    due: datetime.date | None = None


class ActionPatch(PatchSchema):
    nullable = frozenset({"due"})  # null keeps the due date

    status: str = Field(max_length=12)
    note: str = Field("", max_length=2000)
    dropped_reason: str = Field("", max_length=500)
    due: datetime.date | None = None


class ReviewIn(Schema):
    progress: str = Field(min_length=1, max_length=4000)
    reset_goals: str = Field("", max_length=4000)
    occasion: OccasionIn | None = Field(
        None, description="The occasion the review was held at: one the organisation took part in"
    )


@router.get(
    "/organisations/{slug}/action-plans",
    response=list[PlanOut],
    auth=api_auth,
    summary="An organisation's action plans",
)
@private_read("plans", "network", topics.source_apps)
def plan_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    return [
        plan_out(plan)
        for plan in selectors.plan_details_for_organisation(
            actor=request.user, organisation=organisation
        )
    ]


@router.post(
    "/organisations/{slug}/action-plans",
    response={201: PlanOut, **errors(409)},
    auth=api_auth,
    summary="Start an action plan",
)
def plan_create(request: HttpRequest, slug: str, payload: PlanIn) -> Any:
    organisation = network_selectors.organisation_public(slug)
    plan = services.plan_create(
        actor=request.user,
        organisation=organisation,
        title=payload.title,
        occasion=_ref(payload.occasion),
    )
    return Status(201, plan_out(selectors.plan_get(actor=request.user, public_id=plan.public_id)))


@router.get(
    "/action-plans/{plan_id}",
    response=PlanOut,
    auth=api_auth,
    summary="One action plan with actions, notes and reviews",
)
@private_read("plans", "network", topics.source_apps)
def plan_detail(request: HttpRequest, plan_id: UUID) -> Any:
    return plan_out(selectors.plan_get(actor=request.user, public_id=plan_id))


@router.post(
    "/action-plans/{plan_id}/actions",
    response={201: PlanOut},
    auth=api_auth,
    summary="Add an action",
)
def action_add(request: HttpRequest, plan_id: UUID, payload: ActionIn) -> Any:
    plan = selectors.plan_get(actor=request.user, public_id=plan_id)
    services.action_add(
        actor=request.user,
        plan=plan,
        data=services.ActionInput(
            what=payload.what,
            topic=payload.topic,
            owner_email=payload.owner_email,
            owner_role=payload.owner_role,
            due=payload.due,
        ),
    )
    return Status(201, plan_out(selectors.plan_get(actor=request.user, public_id=plan_id)))


@router.patch(
    "/action-plans/{plan_id}/actions/{action_id}",
    response=PlanOut,
    auth=api_auth,
    summary="Update an action's status, with a note",
)
def action_update(request: HttpRequest, plan_id: UUID, action_id: int, payload: ActionPatch) -> Any:
    plan = selectors.plan_get(actor=request.user, public_id=plan_id)
    action = selectors.action_in_plan(plan, action_id)
    services.action_update(
        actor=request.user,
        action=action,
        status=payload.status,
        note=payload.note,
        dropped_reason=payload.dropped_reason,
        due=payload.due,
    )
    return plan_out(selectors.plan_get(actor=request.user, public_id=plan_id))


@router.post(
    "/action-plans/{plan_id}/reviews",
    response={201: PlanOut},
    auth=api_auth,
    summary="Record a review of the plan",
)
def plan_review(request: HttpRequest, plan_id: UUID, payload: ReviewIn) -> Any:
    plan = selectors.plan_get(actor=request.user, public_id=plan_id)
    services.plan_review(
        actor=request.user,
        plan=plan,
        progress=payload.progress,
        reset_goals=payload.reset_goals,
        occasion=_ref(payload.occasion),
    )
    return Status(201, plan_out(selectors.plan_get(actor=request.user, public_id=plan_id)))


class PlanPatch(Schema):
    title: Name = Field(max_length=200)


@router.patch(
    "/action-plans/{plan_id}", response=PlanOut, auth=api_auth, summary="Rename an action plan"
)
def plan_rename(request: HttpRequest, plan_id: UUID, payload: PlanPatch) -> Any:
    plan = selectors.plan_get(actor=request.user, public_id=plan_id)
    services.plan_rename(actor=request.user, plan=plan, title=payload.title)
    return plan_out(selectors.plan_get(actor=request.user, public_id=plan_id))


@router.delete(
    "/action-plans/{plan_id}/actions/{action_id}",
    response={204: None, **errors(409)},
    auth=api_auth,
    summary="Delete an action added by mistake (not started, no notes; otherwise drop it)",
)
def action_delete(request: HttpRequest, plan_id: UUID, action_id: int) -> Any:
    plan = selectors.plan_get(actor=request.user, public_id=plan_id)
    action = selectors.action_in_plan(plan, action_id)
    services.action_delete(actor=request.user, action=action)
    return Status(204, None)
