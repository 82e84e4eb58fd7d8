"""Who may see the record of processing, approve retention rules and act on requests received by
post: the network team and administrators (MFA is enforced for both)."""

from __future__ import annotations

from recoverynet.accounts.actors import Actor
from recoverynet.network.access import is_network_team


def can_manage_privacy(actor: Actor | None) -> bool:
    return is_network_team(actor)
