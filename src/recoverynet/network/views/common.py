"""What the network team's pages share: who may see them."""

from __future__ import annotations

from django.http import HttpRequest

from recoverynet.core.errors import PermissionDenied

from .. import access, selectors
from ..models import Network


def _team_only(request: HttpRequest) -> None:
    if not access.is_network_team(request.user):
        raise PermissionDenied("Only the network team can see this page.")


def _coordinator_network(request: HttpRequest, slug: str) -> Network:
    network = selectors.team_network_get(actor=request.user, slug=slug)
    if not access.can_manage_network(request.user, network.pk):
        raise PermissionDenied("Only a coordinator of this network can do that.")
    return network
