"""The network team: granting and revoking network roles."""

from __future__ import annotations

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError

from .. import access
from ..models import (
    Invitation,
    JoinedVia,
    Network,
    NetworkRole,
    NetworkRoleKind,
)
from .common import User, _require
from .invitations import invitation_create
from .networks import participant_join

# --- Network team ---------------------------------------------------------------------------------


@transaction.atomic
def network_role_grant(
    *, actor: Actor, network: Network, email: str, role: str
) -> NetworkRole | Invitation:
    _require(access.can_manage_network(actor, network.pk))
    if role not in NetworkRoleKind.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        return invitation_create(
            actor=actor, network=network, email=email, network_role=role, _checked=True
        )
    network_role, created = NetworkRole.objects.get_or_create(user=user, network=network, role=role)
    if not created:
        raise ApplicationError(
            "duplicate",
            f"{email} is already a {network_role.get_role_display().lower()}.",
            field="email",
        )
    participant_join(user=user, network=network, via=JoinedVia.ADDED)
    audit.record(
        actor=actor,
        action="network.team_role.granted",
        obj=network_role,
        changes={"person": email, "role": role},
    )
    access.forget_roles(user)
    return network_role


@transaction.atomic
def network_role_revoke(*, actor: Actor, network_role: NetworkRole) -> None:
    _require(access.can_manage_network(actor, network_role.network_id))
    if network_role.user_id == getattr(actor, "pk", None) and not access.is_admin(actor):
        coordinators = NetworkRole.objects.filter(
            network_id=network_role.network_id, role=NetworkRoleKind.COORDINATOR
        ).count()
        if network_role.role == NetworkRoleKind.COORDINATOR and coordinators == 1:
            raise ApplicationError(
                "last_coordinator", "You are this network's only coordinator. Add another first."
            )
    audit.record(
        actor=actor,
        action="network.team_role.revoked",
        obj=network_role,
        changes={"person": network_role.user.email, "role": network_role.role},
    )
    access.forget_roles(network_role.user)
    network_role.delete()
