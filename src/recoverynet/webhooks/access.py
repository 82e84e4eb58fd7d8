"""Who may manage a network's webhooks: its coordinators and administrators (network.access)."""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network import access


def can_manage(actor: Actor | None, network_id: int) -> bool:
    return access.can_manage_network(actor, network_id)
