"""The network API's one router. Every module adds its operations to it (not to a router of its own)
so that operations on the same path share one URL, as django-ninja needs: a second router with the
same path would answer 405 for the first router's methods."""

from __future__ import annotations

from ninja import Router

router = Router(tags=["networks"])
