"""Who may see the background queues: the network team and administrators (MFA is already enforced
for both). Queues are shared by every network, so any network team may look after them."""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network.access import is_network_team


def can_see_queues(actor: Actor | None) -> bool:
    return is_network_team(actor)
