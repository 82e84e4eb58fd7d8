"""Staff invitations: a college's pending ones (for its manager) and one by its link (for the
person invited)."""

from __future__ import annotations

from django.db.models import QuerySet
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import tokens
from recoverynet.core.errors import NotFound

from ..models import College, StaffInvitation
from .setup import require_manager


def pending_invitations(*, actor: Actor, college: College) -> QuerySet[StaffInvitation]:
    """Invitations not yet accepted or withdrawn (expired ones too, so they can be sent again)."""
    require_manager(actor, college)
    return StaffInvitation.objects.filter(
        college=college, accepted_at__isnull=True, revoked_at__isnull=True
    ).order_by("email", "role")


def invitation_get(*, actor: Actor, college: College, invitation_id: int) -> StaffInvitation:
    found = pending_invitations(actor=actor, college=college).filter(pk=invitation_id).first()
    if found is None:
        raise NotFound("We could not find that invitation. It may have been accepted already.")
    return found


def invitation_by_token(raw: str) -> StaffInvitation:
    """The invitation a link names (anyone holding the link may see what it offers)."""
    found = (
        StaffInvitation.objects.select_related("college")
        .filter(token_hash=tokens.digest(raw))
        .first()
    )
    if found is None:
        raise NotFound("This invitation link is not valid. Ask the college for a new one.")
    return found


def is_expired(invitation: StaffInvitation) -> bool:
    return invitation.expires_at <= timezone.now()
