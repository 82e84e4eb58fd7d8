"""Staff invitations (the college's manager) and accepting one (the invited person, signed in with
the invited address): the same services as the staff page and the invitation page."""

from __future__ import annotations

import datetime
from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Schema, Status

from recoverynet.accounts.api_auth import api_auth
from recoverynet.core.api import errors

from ..models import StaffInvitation
from ..selectors import invitations as selectors
from ..selectors import staff as staff_selectors
from ..services import staff_invitations as services
from .router import router

Role = Literal[
    "manager", "peer_trainer", "professional_trainer", "learning_advisor", "administrator"
]


class InvitationIn(Schema):
    email: str = Field(max_length=254)
    role: Role


class InvitationOut(Schema):
    id: int
    email: str
    role: str
    expires_at: datetime.datetime
    expired: bool
    sent_count: int


class AcceptIn(Schema):
    token: str = Field(max_length=200, description="The token at the end of the invitation link")


class AcceptedOut(Schema):
    college: str = Field(description="The college's slug")
    role: str


def _out(invitation: StaffInvitation) -> dict[str, Any]:
    return {
        "id": invitation.pk,
        "email": invitation.email,
        "role": invitation.role,
        "expires_at": invitation.expires_at,
        "expired": selectors.is_expired(invitation),
        "sent_count": invitation.sent_count,
    }


@router.get(
    "/colleges/{slug}/staff-invitations",
    response={200: list[InvitationOut], **errors(403, 404)},
    auth=api_auth,
    summary="Invitations to a staff role not yet accepted or withdrawn (the college's manager)",
)
def invitation_list(request: HttpRequest, slug: str) -> Any:
    college = staff_selectors.college_get(slug=slug)
    return [_out(i) for i in selectors.pending_invitations(actor=request.user, college=college)]


@router.post(
    "/colleges/{slug}/staff-invitations",
    response={201: InvitationOut, **errors(403, 404, 409, 422)},
    auth=api_auth,
    summary="Invite someone without an account to a staff role by e-mail (the college's manager)",
)
def invitation_create(request: HttpRequest, slug: str, payload: InvitationIn) -> Any:
    college = staff_selectors.college_get(slug=slug)
    invitation = services.staff_invitation_create(
        actor=request.user, college=college, email=payload.email, role=payload.role
    )
    return Status(201, _out(invitation))


@router.post(
    "/colleges/{slug}/staff-invitations/{invitation_id}/resend",
    response={200: InvitationOut, **errors(403, 404, 409)},
    auth=api_auth,
    summary="Send an invitation again, with a new link and a new expiry (the college's manager)",
)
def invitation_resend(request: HttpRequest, slug: str, invitation_id: int) -> Any:
    college = staff_selectors.college_get(slug=slug)
    invitation = selectors.invitation_get(
        actor=request.user, college=college, invitation_id=invitation_id
    )
    return _out(services.staff_invitation_resend(actor=request.user, invitation=invitation))


@router.delete(
    "/colleges/{slug}/staff-invitations/{invitation_id}",
    response={204: None, **errors(403, 404, 409)},
    auth=api_auth,
    summary="Withdraw an invitation: its link stops working (the college's manager)",
)
def invitation_revoke(request: HttpRequest, slug: str, invitation_id: int) -> Any:
    college = staff_selectors.college_get(slug=slug)
    invitation = selectors.invitation_get(
        actor=request.user, college=college, invitation_id=invitation_id
    )
    services.staff_invitation_revoke(actor=request.user, invitation=invitation)
    return Status(204, None)


@router.post(
    "/college-invitations/accept",
    response={200: AcceptedOut, **errors(403, 404, 409, 410)},
    auth=api_auth,
    summary="Accept a staff invitation sent to your address: you get the role",
)
def invitation_accept(request: HttpRequest, payload: AcceptIn) -> Any:
    row = services.staff_invitation_accept(user=request.user, raw_token=payload.token)  # type: ignore[arg-type]
    return {"college": row.college.slug, "role": row.role}
