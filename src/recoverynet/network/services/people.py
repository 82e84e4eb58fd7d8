"""People in organisations: adding them, changing their role, removing them."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError

from .. import access
from ..models import (
    Affiliation,
    AffiliationRole,
    Invitation,
    Membership,
    Network,
    Organisation,
)
from .common import User, _require
from .invitations import invitation_create

# --- People in organisations ----------------------------------------------------------------------


@dataclass(frozen=True)
class AddPersonResult:
    affiliation: Affiliation | None
    invitation: Invitation | None


@transaction.atomic
def affiliation_add(
    *,
    actor: Actor,
    organisation: Organisation,
    email: str,
    role: str,
    network: Network | None = None,
) -> AddPersonResult:
    """Add a person with an account straight away; invite someone without one by e-mail."""
    _require(access.can_manage_people(actor, organisation))
    if role not in AffiliationRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email, is_active=True).first()
    if user is None:
        network = network or _home_network_for(organisation)
        invitation = invitation_create(
            actor=actor,
            network=network,
            email=email,
            organisation=organisation,
            affiliation_role=role,
            _checked=True,
        )
        return AddPersonResult(affiliation=None, invitation=invitation)
    if Affiliation.objects.filter(user=user, organisation=organisation).exists():
        raise ApplicationError(
            "duplicate", f"{email} is already part of {organisation.name}.", field="email"
        )
    affiliation = Affiliation.objects.create(user=user, organisation=organisation, role=role)
    audit.record(
        actor=actor,
        action="network.affiliation.added",
        obj=affiliation,
        changes={"person": user.email, "role": role},
    )
    access.forget_roles(user)
    return AddPersonResult(affiliation=affiliation, invitation=None)


def _home_network_for(organisation: Organisation) -> Network:
    membership = (
        Membership.objects.filter(organisation=organisation)
        .order_by("status", "-valid_from")  # "active" sorts first
        .select_related("network")
        .first()
    )
    if membership is None:
        raise ApplicationError(
            "not_allowed",
            f"{organisation.name} is not a member of any network yet, so nobody can be invited to it.",
        )
    return membership.network


def _lead_count(organisation: Organisation) -> int:
    return Affiliation.objects.filter(
        organisation=organisation, role=AffiliationRole.RECOVERY_LEAD
    ).count()


@transaction.atomic
def affiliation_change_role(*, actor: Actor, affiliation: Affiliation, role: str) -> Affiliation:
    organisation = affiliation.organisation
    _require(access.can_manage_people(actor, organisation))
    if role not in AffiliationRole.values:
        raise ApplicationError("invalid", "Choose a role.", field="role")
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    affiliation.refresh_from_db()
    if (
        affiliation.role == AffiliationRole.RECOVERY_LEAD
        and role != AffiliationRole.RECOVERY_LEAD
        and _lead_count(organisation) == 1
        and not access.can_manage_organisation(actor, organisation)
    ):
        raise ApplicationError(
            "last_lead",
            "This is the organisation's only recovery lead. Make someone else recovery lead first.",
            field="role",
        )
    old = affiliation.role
    affiliation.role = role
    affiliation.save(update_fields=["role", "updated_at"])
    audit.record(
        actor=actor,
        action="network.affiliation.role_changed",
        obj=affiliation,
        changes={"role": [old, role]},
    )
    access.forget_roles(affiliation.user)
    return affiliation


@transaction.atomic
def affiliation_remove(*, actor: Actor, affiliation: Affiliation) -> None:
    organisation = affiliation.organisation
    _require(access.can_manage_people(actor, organisation))
    Organisation.objects.select_for_update().filter(pk=organisation.pk).first()
    if (
        affiliation.role == AffiliationRole.RECOVERY_LEAD
        and _lead_count(organisation) == 1
        and not access.can_manage_organisation(actor, organisation)
    ):
        raise ApplicationError(
            "last_lead",
            "This is the organisation's only recovery lead. Make someone else recovery lead first.",
        )
    audit.record(
        actor=actor,
        action="network.affiliation.removed",
        obj=affiliation,
        changes={"person": affiliation.user.email, "role": affiliation.role},
    )
    access.forget_roles(affiliation.user)
    affiliation.delete()
