"""What webhooks adds to the shared pages (`core.slots`): a section on "Manage networks" linking to
each network whose webhooks the person may manage."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from recoverynet.core import slots
from recoverynet.core.slots import SlotContext
from recoverynet.network import access as network_access
from recoverynet.network.models import Network


def _networks(ctx: SlotContext) -> Mapping[str, Any]:
    if network_access.is_admin(ctx.user):
        found = Network.objects.order_by("name")
    else:
        ids = network_access.roles(ctx.user).coordinator_network_ids()
        found = Network.objects.filter(pk__in=ids).order_by("name")
    return {"networks": list(found.only("slug", "name"))}


def register() -> None:
    slots.contribute(
        "manage_index",
        key="webhooks.endpoints",
        order=60,
        template="webhooks/slots/manage_index.html",
        context=_networks,
        visible=lambda ctx: network_access.is_any_coordinator(ctx.user),
    )
