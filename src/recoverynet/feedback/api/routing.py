"""The one router the feedback API modules add their operations to."""

from ninja import Router

router = Router(tags=["feedback"])
