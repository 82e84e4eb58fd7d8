"""Frameworks and self-assessment rounds over HTTP, with the same rules as the pages. One router
(tag "self-assessment"), made of a module per sub-domain."""

from ninja import Router

from .. import benchmark_api
from . import agreeing, frameworks, progress, ratings, rounds

router = Router(tags=["self-assessment"])
for part in (frameworks.router, rounds.router, agreeing.router, ratings.router, progress.router):
    router.add_router("", part)
# The network benchmark's operations live in their own module (see benchmark_api.py).
router.add_router("", benchmark_api.router)
