"""The colleges API: colleges, terms, courses and sessions (public read), enrolments (for oneself),
attendance (college staff). The Learning Network's operations live beside these modules."""

from . import course_writes, courses, learning, staff  # noqa: F401  (register their operations)
from .router import router

__all__ = ["router"]
