"""The Learning Network's API router (one tag, `learning network`; token area `learning_network`).
Operations are in `network_fidelity.py` and `network_peer_review.py`."""

from ninja import Router

router = Router(tags=["learning network"])
