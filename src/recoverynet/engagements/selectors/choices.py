"""What the set-up forms offer: the network's member organisations and its consultants."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import PermissionDenied
from recoverynet.network import access as network_access
from recoverynet.network import selectors as network_selectors
from recoverynet.network.models import Network, NetworkRole, Organisation

from .. import access


def setup_network(*, actor: Actor, slug: str) -> Network:
    network = network_selectors.network_get(slug)
    if not (
        access.is_network_lead(actor, network.pk)
        or network.pk in access.consulting_network_ids(actor)
    ):
        raise PermissionDenied("Only the network's consultants and its lead can add engagements.")
    return network


def client_choices(*, actor: Actor, network: Network) -> QuerySet[Organisation]:
    setup_network(actor=actor, slug=network.slug)
    return network_selectors.organisation_list_public(network_slug=network.slug)


def consultant_choices(*, actor: Actor, network: Network) -> list[Any]:
    if not access.can_view_capacity(actor, network.pk):
        raise PermissionDenied("Only the network's consultants and its lead can see this.")
    seen: dict[int, Any] = {}
    for role in (
        NetworkRole.objects.filter(network=network, role__in=access.CONSULTING_ROLES)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    ):
        seen.setdefault(role.user_id, role.user)
    return list(seen.values())


def team_networks(*, actor: Actor) -> list[Network]:
    """The networks where the actor may add engagements and see capacity."""
    ids = access.consulting_network_ids(actor) | access.lead_network_ids(actor)
    qs = network_selectors.network_list()
    return list(qs if network_access.is_admin(actor) else qs.filter(pk__in=ids))
