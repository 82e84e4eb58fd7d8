"""The Learning Network over HTTP: fidelity reviews (per role: raters save their own ratings; the
college's managers and the network team see the whole review, agree ratings and close it; member
colleges see the network distribution, suppressed) and external peer reviews (visible to the
reviewed college, its team and the network team; the network team forms the team, conflicts
checked)."""

from . import network_fidelity, network_peer_review  # noqa: F401  (they add their operations)
from .network_router import router

__all__ = ["router"]
