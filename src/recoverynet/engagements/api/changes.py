"""Changing and removing what the team recorded, over HTTP: phases, milestones and shared goals;
correcting and cancelling a session (recounted under the allocation's lock); turning down a
top-up (whoever asked is told by e-mail)."""

from __future__ import annotations

from typing import Any
from uuid import UUID

from django.http import HttpRequest
from ninja import Field, Schema

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors
from recoverynet.core.errors import ApplicationError

from .. import selectors, services
from .engagements import consultant_by_email
from .programme import GoalIn, MilestoneIn, PhaseIn
from .routing import router
from .schemas import EngagementOut, SessionIn, engagement_out


class MilestoneChangeIn(MilestoneIn):
    phase: int | None = Field(None, description="The id of one of the engagement's phases.")


class ReasonIn(Schema):
    reason: str = Field(min_length=1, max_length=500)


def _found(request: HttpRequest, engagement_id: UUID) -> selectors.Found:
    return selectors.engagement_get(actor=request.user, public_id=engagement_id)


def _again(request: HttpRequest, engagement_id: UUID) -> dict[str, Any]:
    return engagement_out(request.user, _found(request, engagement_id))


@router.put(
    "/engagements/{engagement_id}/phases/{phase_id}",
    response=EngagementOut,
    auth=api_auth,
    summary="Change a phase",
)
def phase_edit(request: HttpRequest, engagement_id: UUID, phase_id: int, payload: PhaseIn) -> Any:
    services.phase_edit(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        phase_id=phase_id,
        title=payload.title,
        starts_on=payload.starts_on,
        ends_on=payload.ends_on,
    )
    return _again(request, engagement_id)


@router.delete(
    "/engagements/{engagement_id}/phases/{phase_id}",
    response=EngagementOut,
    auth=api_auth,
    summary="Remove a phase (its milestones stay, no longer in a phase)",
)
def phase_remove(request: HttpRequest, engagement_id: UUID, phase_id: int) -> Any:
    services.phase_remove(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        phase_id=phase_id,
    )
    return _again(request, engagement_id)


@router.put(
    "/engagements/{engagement_id}/milestones/{milestone_id}",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Change a milestone (an invoiced milestone's fee stays as invoiced: 409 invoiced)",
)
def milestone_edit(
    request: HttpRequest, engagement_id: UUID, milestone_id: int, payload: MilestoneChangeIn
) -> Any:
    engagement = _found(request, engagement_id).engagement
    phase = None
    if payload.phase is not None:
        phase = next((p for p in engagement.phases.all() if p.pk == payload.phase), None)
        if phase is None:
            raise ApplicationError(
                "invalid", "Choose a phase of this engagement.", field="phase", status=422
            )
    services.milestone_edit(
        actor=request.user,
        engagement=engagement,
        milestone_id=milestone_id,
        title=payload.title,
        due_on=payload.due_on,
        fee_net=payload.fee_net,
        phase=phase,
    )
    return _again(request, engagement_id)


@router.delete(
    "/engagements/{engagement_id}/milestones/{milestone_id}",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Remove a milestone (not once invoiced: 409 invoiced)",
)
def milestone_remove(request: HttpRequest, engagement_id: UUID, milestone_id: int) -> Any:
    services.milestone_remove(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        milestone_id=milestone_id,
    )
    return _again(request, engagement_id)


@router.put(
    "/engagements/{engagement_id}/goals/{goal_id}",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Change a buddying pair's shared goal",
)
def goal_edit(request: HttpRequest, engagement_id: UUID, goal_id: int, payload: GoalIn) -> Any:
    services.shared_goal_edit(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        goal_id=goal_id,
        text=payload.text,
    )
    return _again(request, engagement_id)


@router.delete(
    "/engagements/{engagement_id}/goals/{goal_id}",
    response=EngagementOut,
    auth=api_auth,
    summary="Remove a buddying pair's shared goal",
)
def goal_remove(request: HttpRequest, engagement_id: UUID, goal_id: int) -> Any:
    services.shared_goal_remove(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        goal_id=goal_id,
    )
    return _again(request, engagement_id)


@router.put(
    "/engagements/{engagement_id}/sessions/{session_id}",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Correct a session (409 days_used_up when the change would over-run the days "
    "without an approved top-up; 409 invoiced for an invoiced session's days)",
)
def session_edit(
    request: HttpRequest, engagement_id: UUID, session_id: int, payload: SessionIn
) -> Any:
    engagement = _found(request, engagement_id).engagement
    consultant = consultant_by_email(
        request.user, engagement.network, payload.consultant, "consultant"
    )
    services.session_edit(
        actor=request.user,
        engagement=engagement,
        session_id=session_id,
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
    return _again(request, engagement_id)


class CancelCheckOut(Schema):
    can_cancel: bool
    days_freed: str = Field(description="Days that go back to the allocation (a decimal string).")
    feedback_form_closes: bool = Field(
        description="The session's feedback form, which nobody answered, closes with it."
    )
    invoiced: bool
    attached: list[str] = Field(
        description="What is attached and stops the cancelling: answers to its feedback form, "
        "action plans made or reviews held at it (counts only)."
    )


@router.get(
    "/engagements/{engagement_id}/sessions/{session_id}/cancel",
    response=CancelCheckOut,
    auth=api_auth,
    summary="What cancelling a session would do, or what is attached and stops it (the team)",
)
def session_cancel_check(request: HttpRequest, engagement_id: UUID, session_id: int) -> Any:
    check = selectors.session_cancel_check(
        actor=request.user, found=_found(request, engagement_id), session_id=session_id
    )
    return {
        "can_cancel": not check.blocked,
        "days_freed": check.days_freed_text,
        "feedback_form_closes": check.attached.form_to_close,
        "invoiced": check.invoiced,
        "attached": check.attached.blockers,
    }


@router.post(
    "/engagements/{engagement_id}/sessions/{session_id}/cancel",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Cancel a session, with the reason (kept for the record; draws nothing down). "
    "Refused (409 `attached`) when people answered its feedback form or a plan or review names "
    "it; a feedback form nobody answered closes",
)
def session_cancel(
    request: HttpRequest, engagement_id: UUID, session_id: int, payload: ReasonIn
) -> Any:
    services.session_cancel(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        session_id=session_id,
        reason=payload.reason,
    )
    return _again(request, engagement_id)


@router.post(
    "/engagements/{engagement_id}/top-ups/{top_up_id}/reject",
    response={200: EngagementOut, **errors(409)},
    auth=api_auth,
    summary="Turn down a top-up, with the reason (the network lead; whoever asked is told)",
)
def top_up_reject(
    request: HttpRequest, engagement_id: UUID, top_up_id: int, payload: ReasonIn
) -> Any:
    services.top_up_reject(
        actor=request.user,
        engagement=_found(request, engagement_id).engagement,
        top_up_id=top_up_id,
        reason=payload.reason,
    )
    return _again(request, engagement_id)
