"""Invitations to an organisation: creating, revoking, accepting."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.accounts.models import User
from recoverynet.core import audit, outbox, tokens
from recoverynet.core.errors import ApplicationError

from .. import access
from ..models import (
    Affiliation,
    Invitation,
    JoinedVia,
    Network,
    NetworkRole,
    Organisation,
)
from ..selectors import invitation_by_token
from .common import _require
from .networks import participant_join

INVITATION_LIFETIME = datetime.timedelta(days=14)
# --- Invitations ----------------------------------------------------------------------------------


@transaction.atomic
def invitation_create(
    *,
    actor: Actor,
    network: Network,
    email: str,
    organisation: Organisation | None = None,
    affiliation_role: str = "",
    network_role: str = "",
    _checked: bool = False,
) -> Invitation:
    if not _checked:
        if network_role or organisation is None:
            _require(access.can_manage_network(actor, network.pk))
        else:
            _require(access.can_manage_people(actor, organisation))
    if bool(organisation) != bool(affiliation_role):
        raise ApplicationError(
            "invalid", "Choose both an organisation and a role.", field="affiliation_role"
        )
    email = email.strip().lower()
    # One open invitation per address and network: a new one replaces the old (its link stops working).
    Invitation.objects.filter(
        network=network, email=email, accepted_at__isnull=True, revoked_at__isnull=True
    ).update(revoked_at=timezone.now())
    token = tokens.issue("network.invitation", ttl=INVITATION_LIFETIME)
    raw = token.raw
    invitation = Invitation.objects.create(
        network=network,
        email=email,
        token_hash=token.hash,
        organisation=organisation,
        affiliation_role=affiliation_role,
        network_role=network_role,
        invited_by=person(actor),
        expires_at=token.expires_at,
    )
    audit.record(
        actor=actor,
        action="network.invitation.created",
        obj=invitation,
        changes={
            "email": email,
            "organisation": organisation.name if organisation else None,
            "affiliation_role": affiliation_role,
            "network_role": network_role,
        },
    )
    link = settings.SITE_URL + reverse("network:invitation-accept", args=[raw])
    context = {"invitation": invitation, "link": link, "inviter": actor}
    outbox.enqueue(
        to=[email],
        subject=f"You are invited to join {network.name}",
        body_text=render_to_string("network/email/invitation.txt", context),
        body_html=render_to_string("network/email/invitation.html", context),
    )
    return invitation


@transaction.atomic
def invitation_revoke(*, actor: Actor, invitation: Invitation) -> Invitation:
    if invitation.organisation and not invitation.network_role:
        _require(access.can_manage_people(actor, invitation.organisation))
    else:
        _require(access.can_manage_network(actor, invitation.network_id))
    if invitation.accepted_at is not None:
        raise ApplicationError(
            "not_allowed", "This invitation has already been accepted.", status=409
        )
    if invitation.revoked_at is None:
        invitation.revoked_at = timezone.now()
        invitation.save(update_fields=["revoked_at", "updated_at"])
        audit.record(actor=actor, action="network.invitation.revoked", obj=invitation)
    return invitation


@transaction.atomic
def invitation_accept(*, user: User, raw_token: str) -> Invitation:
    """Apply an invitation to the signed-in person. The link is single-use."""
    invitation = invitation_by_token(raw_token)
    invitation = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if invitation.accepted_at is not None:
        raise ApplicationError("used", "This invitation has already been used.", status=409)
    if invitation.revoked_at is not None or tokens.expired(invitation.expires_at):
        raise ApplicationError(
            "expired",
            "This invitation has expired. Ask the person who invited you for a new one.",
            status=410,
        )
    if invitation.email.lower() != user.email.lower():
        raise ApplicationError(
            "wrong_person",
            f"This invitation was sent to {invitation.email}. Sign in with that address to accept it.",
            status=403,
        )
    participant_join(user=user, network=invitation.network, via=JoinedVia.INVITATION)
    if invitation.organisation_id and invitation.affiliation_role:
        Affiliation.objects.get_or_create(
            user=user,
            organisation=invitation.organisation,
            defaults={"role": invitation.affiliation_role},
        )
    if invitation.network_role:
        NetworkRole.objects.get_or_create(
            user=user, network=invitation.network, role=invitation.network_role
        )
    invitation.accepted_at = timezone.now()
    invitation.accepted_by = user
    invitation.save(update_fields=["accepted_at", "accepted_by", "updated_at"])
    audit.record(actor=user, action="network.invitation.accepted", obj=invitation)
    access.forget_roles(user)
    return invitation
