"""Reads for networks, organisations and people. Each takes the acting person and scopes to them."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils import timezone

from recoverynet.accounts.actors import Actor, person
from recoverynet.core import audit, tokens
from recoverynet.core.dates import today_in
from recoverynet.core.errors import NotFound, PermissionDenied
from recoverynet.core.models import AuditEntry

from . import access, reference
from .models import (
    Affiliation,
    Invitation,
    Membership,
    MembershipStatus,
    MembershipTier,
    Network,
    NetworkRole,
    Organisation,
    Participant,
)

User = get_user_model()


def current_membership_q(
    prefix: str = "", day: datetime.date | None = None, *, network: Network | None = None
) -> Q:
    """Memberships current on a day. Without a day, "today" is each membership's own network's
    today (a Sydney membership that ended yesterday in Sydney is not current, whatever the date in
    London): pass the network when it is known; otherwise one condition per network time zone."""
    if day is not None:
        return _current_on(prefix, day)
    if network is not None:
        return _current_on(prefix, network.today())
    q = Q(pk__in=[])
    zones = reference.time_zones()
    for zone in zones:
        q |= Q(**{f"{prefix}network__time_zone": zone}) & _current_on(prefix, today_in(zone))
    return q


def _current_on(prefix: str, day: datetime.date) -> Q:
    return Q(**{f"{prefix}status": MembershipStatus.ACTIVE, f"{prefix}valid_from__lte": day}) & (
        Q(**{f"{prefix}valid_to__isnull": True}) | Q(**{f"{prefix}valid_to__gte": day})
    )


def _current_memberships() -> QuerySet[Membership]:
    return (
        Membership.objects.filter(current_membership_q())
        .select_related("network", "tier")
        .order_by("network__name")
    )


# --- Public ----------------------------------------------------------------------------------------


def network_list() -> QuerySet[Network]:
    """All networks with their count of current member organisations (public)."""
    return Network.objects.annotate(
        member_count=Count(
            "memberships", filter=current_membership_q("memberships__"), distinct=True
        )
    ).order_by("name")


def networks_by_name() -> list[Network]:
    """Every network by name, without counts (for filters and pickers; kept in the shared cache)."""
    return reference.networks()


def network_get(slug: str, *, member_count: bool = False) -> Network:
    """The network with this address and its tax rates (kept in the shared cache: `reference`),
    or with `member_count` its count of current member organisations too (read afresh)."""
    if member_count:
        network = network_list().prefetch_related("tax_rates").filter(slug=slug).first()
    else:
        network = reference.network_by_slug(slug)
    if network is None:
        raise NotFound("We could not find that network.")
    return network


def network_settings_get(*, actor: Actor, slug: str) -> Network:
    """A network with its invoice details and other settings: its coordinators only."""
    network = network_get(slug, member_count=True)
    if not access.can_manage_network(actor, network.pk):
        raise PermissionDenied("Only a coordinator of this network can see its settings.")
    return network


def directory(
    *, network_slug: str = "", kind: str = "", query: str = "", country: str = ""
) -> QuerySet[Organisation]:
    """Organisations with a current membership of any network, with public details only."""
    members = Membership.objects.filter(current_membership_q())
    if network_slug:
        members = members.filter(network__slug=network_slug)
    qs = Organisation.objects.filter(pk__in=members.values("organisation_id"))
    if kind:
        qs = qs.filter(kind=kind)
    if country:
        qs = qs.filter(country__iexact=country)
    if query:
        qs = qs.filter(Q(name__icontains=query) | Q(description__icontains=query))
    return (
        qs.select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=_current_memberships(), to_attr="current_memberships")
        )
        .order_by("name")
    )


def organisation_public(slug: str) -> Organisation:
    organisation = (
        Organisation.objects.select_related("parent")
        .prefetch_related(
            Prefetch("memberships", queryset=_current_memberships(), to_attr="current_memberships"),
            Prefetch("partners", queryset=Organisation.objects.order_by("name")),
        )
        .filter(slug=slug)
        .first()
    )
    if organisation is None:
        raise NotFound("We could not find that organisation.")
    return organisation


def organisation_list_public(*, network_slug: str = "") -> QuerySet[Organisation]:
    """For the API: every organisation's public details (members and non-members alike)."""
    qs = Organisation.objects.select_related("parent").order_by("name")
    if network_slug:
        qs = qs.filter(memberships__network__slug=network_slug).distinct()
    return qs


def membership_list_public(*, network_slug: str = "") -> QuerySet[Membership]:
    qs = (
        _current_memberships()
        .select_related("organisation")
        .order_by("network__name", "organisation__name")
    )
    if network_slug:
        qs = qs.filter(network__slug=network_slug)
    return qs


def countries() -> list[str]:
    members = Membership.objects.filter(current_membership_q()).values("organisation_id")
    return list(
        Organisation.objects.filter(pk__in=members)
        .order_by("country")
        .values_list("country", flat=True)
        .distinct()
    )


# --- Signed-in people -------------------------------------------------------------------------------


def my_affiliations(*, actor: Actor) -> QuerySet[Affiliation]:
    return (
        Affiliation.objects.filter(user=person(actor))
        .select_related("organisation")
        .order_by("organisation__name")
    )


def my_organisations(*, actor: Actor) -> QuerySet[Organisation]:
    """The organisations the person belongs to, by name (those they may book for)."""
    return Organisation.objects.filter(affiliations__user=person(actor)).order_by("name")


def my_participations(*, actor: Actor) -> QuerySet[Participant]:
    return (
        Participant.objects.filter(user=person(actor))
        .select_related("network")
        .order_by("network__name")
    )


def organisation_people(*, actor: Actor, organisation: Organisation) -> QuerySet[Affiliation]:
    if not access.can_view_private(actor, organisation):
        raise PermissionDenied(
            "Only the organisation's recovery lead and the network team can see this."
        )
    return (
        Affiliation.objects.filter(organisation=organisation)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    )


def organisation_invitations(*, actor: Actor, organisation: Organisation) -> QuerySet[Invitation]:
    if not access.can_view_private(actor, organisation):
        raise PermissionDenied()
    return Invitation.objects.filter(
        organisation=organisation,
        accepted_at__isnull=True,
        revoked_at__isnull=True,
        expires_at__gt=timezone.now(),
    ).order_by("email")


def affiliation_get(
    *, actor: Actor, organisation: Organisation, affiliation_id: int
) -> Affiliation:
    if not access.can_manage_people(actor, organisation):
        raise PermissionDenied()
    return get_object_or_404(
        Affiliation.objects.select_related("user", "organisation"),
        pk=affiliation_id,
        organisation=organisation,
    )


# --- Network team -----------------------------------------------------------------------------------


def team_networks(*, actor: Actor) -> QuerySet[Network]:
    qs = network_list()
    if access.is_admin(actor):
        return qs
    return qs.filter(pk__in=access.roles(actor).team_network_ids)


def team_network_get(*, actor: Actor, slug: str) -> Network:
    network = network_get(slug)
    if not access.is_network_team(actor, network.pk):
        raise PermissionDenied("Only this network's team can see this page.")
    return network


def networks_coordinated(*, actor: Actor) -> QuerySet[Network]:
    """The networks the person coordinates, by name."""
    return Network.objects.filter(pk__in=access.roles(actor).coordinator_network_ids()).order_by(
        "name"
    )


def tier_in_network(*, network_id: int, slug: str) -> MembershipTier | None:
    return MembershipTier.objects.filter(network_id=network_id, slug=slug).first()


def tier_get(*, actor: Actor, network: Network, tier_id: int) -> MembershipTier:
    """One of the network's tiers, for its team (404 for a tier of another network)."""
    if not access.is_network_team(actor, network.pk):
        raise PermissionDenied("Only this network's team can see its tiers.")
    tier = (
        MembershipTier.objects.select_related("network").filter(network=network, pk=tier_id).first()
    )
    if tier is None:
        raise NotFound("We could not find that tier.")
    return tier


def network_memberships(
    *, actor: Actor, network: Network, status: str = ""
) -> QuerySet[Membership]:
    if not access.is_network_team(actor, network.pk):
        raise PermissionDenied()
    qs = Membership.objects.filter(network=network).select_related("organisation", "tier")
    if status:
        qs = qs.filter(status=status)
    return qs.order_by("organisation__name", "-valid_from")


def membership_get(*, actor: Actor, membership_id: int) -> Membership:
    membership = (
        Membership.objects.select_related("organisation", "network", "tier")
        .filter(pk=membership_id)
        .first()
    )
    if membership is None or not access.is_network_team(actor, membership.network_id):
        raise NotFound("We could not find that membership.")
    return membership


def network_team(*, actor: Actor, network: Network) -> QuerySet[NetworkRole]:
    if not access.is_network_team(actor, network.pk):
        raise PermissionDenied()
    return (
        NetworkRole.objects.filter(network=network)
        .select_related("user")
        .order_by("role", "user__email")
    )


def network_invitations(*, actor: Actor, network: Network) -> QuerySet[Invitation]:
    if not access.is_network_team(actor, network.pk):
        raise PermissionDenied()
    return (
        Invitation.objects.filter(
            network=network, accepted_at__isnull=True, revoked_at__isnull=True
        )
        .select_related("organisation")
        .order_by("-created_at")
    )


def organisations_for_team(*, actor: Actor, query: str = "") -> QuerySet[Organisation]:
    """Organisations the acting coordinator looks after, or every one for an administrator."""
    if not access.is_network_team(actor):
        raise PermissionDenied()
    qs = Organisation.objects.all()
    if not access.is_admin(actor):
        team = access.roles(actor).team_network_ids
        # Without a membership, only the network that added it looks after it (access.py).
        qs = qs.filter(
            Q(memberships__network_id__in=team)
            | Q(memberships__isnull=True, added_by_network_id__in=team)
        ).distinct()
    if query:
        qs = qs.filter(name__icontains=query)
    return qs.select_related("parent").order_by("name")


# --- Audit -------------------------------------------------------------------------------------------


def audit_for_organisation(*, actor: Actor, organisation: Organisation) -> list[AuditEntry]:
    """The organisation's own history plus that of its memberships and affiliations."""
    if not access.can_view_audit(actor, organisation):
        raise PermissionDenied("Only the network team can see audit history.")
    membership_ids = [str(i) for i in organisation.memberships.values_list("pk", flat=True)]
    affiliation_ids = [str(i) for i in organisation.affiliations.values_list("pk", flat=True)]
    return list(
        AuditEntry.objects.filter(
            Q(object_type="network.organisation", object_id=str(organisation.pk))
            | Q(object_type="network.membership", object_id__in=membership_ids)
            | Q(object_type="network.affiliation", object_id__in=affiliation_ids)
        ).order_by("-at", "-id")[:500]
    )


def audit_for_membership(*, actor: Actor, membership: Membership) -> list[AuditEntry]:
    if not access.can_view_audit(actor, membership.organisation):
        raise PermissionDenied("Only the network team can see audit history.")
    return list(audit.history_for(membership))


def person_get_for_audit(*, actor: Actor, person_id: int) -> Any:
    person = User.objects.filter(pk=person_id).first()
    if person is None:
        raise NotFound("We could not find that person.")
    if access.is_admin(actor):
        return person
    team = access.roles(actor).team_network_ids
    reachable = (
        Participant.objects.filter(user=person, network_id__in=team).exists()
        or Affiliation.objects.filter(
            user=person, organisation__memberships__network_id__in=team
        ).exists()
        or NetworkRole.objects.filter(user=person, network_id__in=team).exists()
    )
    if not team or not reachable:
        raise PermissionDenied(
            "Only the network team of this person's networks can see their history."
        )
    return person


def audit_for_person(*, actor: Actor, person: Any) -> list[AuditEntry]:
    """Changes made to the person's account and by the person. Access is checked by
    `person_get_for_audit`, which every caller uses first."""
    person_get_for_audit(actor=actor, person_id=person.pk)
    return list(
        AuditEntry.objects.filter(
            Q(object_type="accounts.user", object_id=str(person.pk)) | Q(actor=person)
        ).order_by("-at", "-id")[:500]
    )


# --- Invitations ----------------------------------------------------------------------------------


def invitation_by_token(raw: str) -> Invitation:
    invitation = (
        Invitation.objects.select_related("network", "organisation")
        .filter(token_hash=tokens.digest(raw))
        .first()
    )
    if invitation is None:
        raise NotFound(
            "This invitation link is not valid. Ask the person who invited you for a new one."
        )
    return invitation
