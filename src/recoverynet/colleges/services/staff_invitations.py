"""Staff roles for people without an account yet: the college's manager invites them by e-mail;
the link (single-use, 14 days) gives the role once they sign up or sign in with that address.
The same pattern as the network's invitations (`network.services.invitations`): a hashed
`core.tokens` token, one open invitation per address (here: per address and role), e-mail through
the outbox, every step audited."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.accounts.models import User
from recoverynet.core import audit, outbox, tokens
from recoverynet.core.errors import ApplicationError
from recoverynet.core.text import clean_text

from .. import access
from ..models import College, CollegeStaff, StaffInvitation, StaffRole
from ..selectors.invitations import invitation_by_token
from .college import _require_manager

INVITATION_LIFETIME = datetime.timedelta(days=14)
PURPOSE = "colleges.staff_invitation"


def _clean_email(email: str) -> str:
    cleaned = clean_text(email, field="email", max_length=254, required=True, single_line=True)
    try:
        validate_email(cleaned)
    except ValidationError:
        raise ApplicationError(
            "invalid", "Enter an e-mail address like name@example.org.", field="email", status=422
        ) from None
    return cleaned.lower()


def _send(invitation: StaffInvitation, raw: str, actor: Actor) -> None:
    link = settings.SITE_URL + reverse("colleges:invitation-accept", args=[raw])
    context = {"invitation": invitation, "link": link, "inviter": actor}
    outbox.enqueue(
        to=[invitation.email],
        subject=f"{invitation.college.name} invites you to join as "
        f"{invitation.get_role_display().lower()}",
        body_text=render_to_string("colleges/email/staff_invitation.txt", context),
        body_html=render_to_string("colleges/email/staff_invitation.html", context),
    )


@transaction.atomic
def staff_invitation_create(
    *, actor: Actor, college: College, email: str, role: str
) -> StaffInvitation:
    """Invite someone without an account to a staff role. An open invitation for the same address
    and role is replaced (its link stops working)."""
    _require_manager(actor, college)
    if role not in StaffRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role", status=422)
    address = _clean_email(email)
    if User.objects.filter(email__iexact=address).exists():
        raise ApplicationError(
            "has_account",
            "They already have an account: give them the role directly.",
            field="email",
            status=409,
        )
    # Two managers inviting the same address at once: the college row orders them, so the second
    # replaces the first instead of meeting the one-open-invitation constraint as a 500.
    College.objects.select_for_update().filter(pk=college.pk).first()
    StaffInvitation.objects.filter(
        college=college, email=address, role=role, accepted_at=None, revoked_at=None
    ).update(revoked_at=timezone.now())
    token = tokens.issue(PURPOSE, ttl=INVITATION_LIFETIME)
    invitation = StaffInvitation.objects.create(
        college=college,
        email=address,
        role=role,
        token_hash=token.hash,
        invited_by=person(actor),
        expires_at=token.expires_at,
    )
    audit.record(
        actor=actor,
        action="colleges.staff_invitation.created",
        obj=invitation,
        changes={"email": address, "role": role},
    )
    _send(invitation, token.raw, actor)
    return invitation


@transaction.atomic
def staff_invitation_resend(*, actor: Actor, invitation: StaffInvitation) -> StaffInvitation:
    """Send a pending invitation again with a new link and a new expiry (the old link stops)."""
    _require_manager(actor, invitation.college)
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None or invitation.revoked_at is not None:
        raise ApplicationError(
            "not_pending", "This invitation was accepted or withdrawn already.", status=409
        )
    token = tokens.issue(PURPOSE, ttl=INVITATION_LIFETIME)
    invitation.token_hash = token.hash
    invitation.expires_at = token.expires_at
    invitation.sent_count += 1
    invitation.save(update_fields=["token_hash", "expires_at", "sent_count", "updated_at"])
    audit.record(
        actor=actor,
        action="colleges.staff_invitation.resent",
        obj=invitation,
        changes={"sent_count": invitation.sent_count},
    )
    _send(invitation, token.raw, actor)
    return invitation


@transaction.atomic
def staff_invitation_revoke(*, actor: Actor, invitation: StaffInvitation) -> StaffInvitation:
    _require_manager(actor, invitation.college)
    invitation = StaffInvitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ApplicationError(
            "not_allowed", "This invitation has already been accepted.", status=409
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, action="colleges.staff_invitation.revoked", obj=invitation)
    return invitation


@transaction.atomic
def staff_invitation_accept(*, user: User, raw_token: str) -> CollegeStaff:
    """Give the signed-in person the role the invitation offers. The link works once."""
    invitation = invitation_by_token(raw_token)
    invitation = (
        StaffInvitation.objects.select_for_update().select_related("college").get(pk=invitation.pk)
    )
    if invitation.accepted_at is not None:
        raise ApplicationError("used", "This invitation has already been used.", status=409)
    if invitation.revoked_at is not None or tokens.expired(invitation.expires_at):
        raise ApplicationError(
            "expired",
            "This invitation has expired or was withdrawn. Ask the college for a new one.",
            status=410,
        )
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            "wrong_person",
            f"This invitation was sent to {invitation.email}. Sign in with that address to "
            "accept it.",
            status=403,
        )
    try:
        with transaction.atomic():
            row, _ = CollegeStaff.objects.get_or_create(
                college=invitation.college, user=user, role=invitation.role
            )
    except IntegrityError:  # accepted twice at once: the other request gave the role
        row = CollegeStaff.objects.get(college=invitation.college, user=user, role=invitation.role)
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(
        actor=user,
        action="colleges.staff_invitation.accepted",
        obj=invitation,
        changes={"role": invitation.role},
    )
    audit.record(
        actor=user,
        action="colleges.staff.granted",
        obj=row,
        changes={"user": user.pk, "role": invitation.role, "via": "invitation"},
    )
    access.forget_college_roles(user)
    return row


def accept_at_sign_up(user: User, raw_token: str) -> CollegeStaff:
    """For `network.signup.register_invitation`: accept when the account is made."""
    return staff_invitation_accept(user=user, raw_token=raw_token)
