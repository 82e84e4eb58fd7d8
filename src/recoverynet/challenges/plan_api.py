"""Action plans over HTTP: plans, actions (owner, due date, status, notes) and reviews."""

import datetime
from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Router, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError
from recoverynet.core.schemas import PatchSchema
from recoverynet.core.text import Line, Name
from recoverynet.network import selectors as network_selectors

from . import plans, selectors

router = Router(tags=["action plans"])


class ActionNoteOut(Schema):
    at: datetime.datetime
    author: str | None
    text: str
    status_change: str


class ActionOut(Schema):
    id: int
    what: str
    challenge: int | None
    level: str | None
    owner: str | None
    owner_role: str
    due: datetime.date | None
    status: str
    dropped_reason: str
    overdue: bool
    notes: list[ActionNoteOut]


class ReviewOut(Schema):
    at: datetime.datetime
    progress: str
    reset_goals: str
    event: UUID | None


class PlanOut(Schema):
    id: UUID
    organisation: str
    title: str
    round: UUID | None
    event: UUID | None
    actions: list[ActionOut]
    reviews: list[ReviewOut]


def _plan_out(plan: Any) -> dict[str, Any]:
    from .plans import is_overdue

    return {
        "id": plan.public_id,
        "organisation": plan.organisation.slug,
        "title": plan.title,
        "round": plan.round.public_id if plan.round else None,
        "event": plan.event.public_id if plan.event else None,
        "actions": [
            {
                "id": a.pk,
                "what": a.what,
                "challenge": a.challenge_id,
                "level": a.level.key if a.level else None,
                "owner": a.owner.email if a.owner else None,
                "owner_role": a.owner_role,
                "due": a.due,
                "status": a.status,
                "dropped_reason": a.dropped_reason,
                "overdue": is_overdue(a),
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
                "event": r.event.public_id if r.event else None,
            }
            for r in plan.reviews.all()
        ],
    }


class PlanIn(Schema):
    title: Name = Field(max_length=200)


class ActionIn(Schema):
    what: str = Field(min_length=1, max_length=500)
    challenge: int | None = None
    level: str = Field("", max_length=30)
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


@router.get(
    "/organisations/{slug}/action-plans",
    response=list[PlanOut],
    auth=api_auth,
    summary="An organisation's action plans",
)
def plan_list(request: HttpRequest, slug: str) -> Any:
    organisation = network_selectors.organisation_public(slug)
    return [
        _plan_out(plans.plan_get(actor=request.user, public_id=p.public_id))
        for p in plans.plans_for_organisation(actor=request.user, organisation=organisation)
    ]


@router.post(
    "/organisations/{slug}/action-plans",
    response={201: PlanOut, **errors(409)},
    auth=api_auth,
    summary="Start an action plan",
)
def plan_create(request: HttpRequest, slug: str, payload: PlanIn) -> Any:
    organisation = network_selectors.organisation_public(slug)
    plan = plans.plan_create(actor=request.user, organisation=organisation, title=payload.title)
    return Status(201, _plan_out(plans.plan_get(actor=request.user, public_id=plan.public_id)))


@router.post(
    "/assessments/{round_id}/action-plan",
    response={201: PlanOut, **errors(409)},
    auth=api_auth,
    summary="Start an action plan from a closed round's priorities",
)
def plan_from_round(request: HttpRequest, round_id: UUID) -> Any:
    round_ = selectors.round_get(actor=request.user, public_id=round_id)
    plan = plans.plan_from_priorities(actor=request.user, round_=round_)
    return Status(201, _plan_out(plans.plan_get(actor=request.user, public_id=plan.public_id)))


@router.get(
    "/action-plans/{plan_id}",
    response=PlanOut,
    auth=api_auth,
    summary="One action plan with actions, notes and reviews",
)
def plan_detail(request: HttpRequest, plan_id: UUID) -> Any:
    return _plan_out(plans.plan_get(actor=request.user, public_id=plan_id))


@router.post(
    "/action-plans/{plan_id}/actions",
    response={201: PlanOut},
    auth=api_auth,
    summary="Add an action",
)
def action_add(request: HttpRequest, plan_id: UUID, payload: ActionIn) -> Any:
    plan = plans.plan_get(actor=request.user, public_id=plan_id)
    plans.action_add(
        actor=request.user,
        plan=plan,
        data=plans.ActionInput(
            what=payload.what,
            challenge_id=payload.challenge,
            level_key=payload.level,
            owner_email=payload.owner_email,
            owner_role=payload.owner_role,
            due=payload.due,
        ),
    )
    return Status(201, _plan_out(plans.plan_get(actor=request.user, public_id=plan_id)))


@router.patch(
    "/action-plans/{plan_id}/actions/{action_id}",
    response=PlanOut,
    auth=api_auth,
    summary="Update an action's status, with a note",
)
def action_update(request: HttpRequest, plan_id: UUID, action_id: int, payload: ActionPatch) -> Any:
    plan = plans.plan_get(actor=request.user, public_id=plan_id)
    action = next((a for a in plan.actions.all() if a.pk == action_id), None)
    if action is None:
        raise ApplicationError("not_found", "We could not find that action.", status=404)
    plans.action_update(
        actor=request.user,
        action=action,
        status=payload.status,
        note=payload.note,
        dropped_reason=payload.dropped_reason,
        due=payload.due,
    )
    return _plan_out(plans.plan_get(actor=request.user, public_id=plan_id))


@router.post(
    "/action-plans/{plan_id}/reviews",
    response={201: PlanOut},
    auth=api_auth,
    summary="Record a review of the plan",
)
def plan_review(request: HttpRequest, plan_id: UUID, payload: ReviewIn) -> Any:
    plan = plans.plan_get(actor=request.user, public_id=plan_id)
    plans.plan_review(
        actor=request.user, plan=plan, progress=payload.progress, reset_goals=payload.reset_goals
    )
    return Status(201, _plan_out(plans.plan_get(actor=request.user, public_id=plan_id)))


class PlanPatch(Schema):
    title: Name = Field(max_length=200)


@router.patch(
    "/action-plans/{plan_id}", response=PlanOut, auth=api_auth, summary="Rename an action plan"
)
def plan_rename(request: HttpRequest, plan_id: UUID, payload: PlanPatch) -> Any:
    plan = plans.plan_get(actor=request.user, public_id=plan_id)
    plans.plan_rename(actor=request.user, plan=plan, title=payload.title)
    return _plan_out(plans.plan_get(actor=request.user, public_id=plan_id))


@router.delete(
    "/action-plans/{plan_id}/actions/{action_id}",
    response={204: None, **errors(409)},
    auth=api_auth,
    summary="Delete an action added by mistake (not started, no notes; otherwise drop it)",
)
def action_delete(request: HttpRequest, plan_id: UUID, action_id: int) -> Any:
    plan = plans.plan_get(actor=request.user, public_id=plan_id)
    action = next((a for a in plan.actions.all() if a.pk == action_id), None)
    if action is None:
        raise ApplicationError("not_found", "We could not find that action.", status=404)
    plans.action_delete(actor=request.user, action=action)
    return Status(204, None)
