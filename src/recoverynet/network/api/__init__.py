"""Networks, organisations, memberships and roles over HTTP. Same rules as the pages: public details
for everyone; private data and writes for the right people.

The modules:

- `public`: public reads (networks, tiers, organisations, current memberships);
- `memberships`: a network's settings and memberships, for its team;
- `organisations`: creating and changing organisations and their people;
- `team`: the network team and an organisation's history;
- `tiers`: adding and changing membership tiers, with their annual fee;
- `schemas`: the pydantic request and answer shapes;
- `routing`: the one router they all add to.

Each operation's `operation_id` is pinned to the one it had when this was a single module
(`recoverynet_network_api_<function>`), so the OpenAPI document and any generated clients stay
the same.
"""

from __future__ import annotations

from importlib import import_module

from .routing import router

# Importing the modules adds their operations to the one router, in this order (the order of the
# paths in the OpenAPI document, as when this was one module).
for _module in ("public", "memberships", "organisations", "team", "tiers"):
    import_module(f"{__name__}.{_module}")

__all__ = ["router"]
