"""The engagements API (tag `engagements`): one router, operations in a module per sub-domain."""

from . import capacity, changes, engagements, insight, programme, work  # noqa: F401  (add their operations to the router)
from .routing import router

__all__ = ["router"]
