"""Who acts: the one type every service and selector takes as `actor`.

A signed-in person (`User`) or a visitor (`AnonymousUser`). Services that scheduled tasks or the
demo loader also call take `Actor | None`, where None means the system.
"""

from __future__ import annotations

from typing import TypeAlias, TypeGuard

from django.contrib.auth.models import AnonymousUser

from recoverynet.core.errors import ApplicationError

from .models import User

Actor: TypeAlias = User | AnonymousUser

__all__ = ["Actor", "is_person", "person"]


def is_person(actor: Actor | None) -> TypeGuard[User]:
    """True for a signed-in person (narrows the type for the checker)."""
    return isinstance(actor, User) and actor.is_authenticated


def person(actor: Actor | None) -> User:
    """The signed-in person behind `actor`, for a service that records who did something.

    Views and the API already refuse visitors where a person is needed; this is the service's own
    check, so a visitor can never become an author, a booker or a reviewer by another path."""
    if is_person(actor):
        return actor
    raise ApplicationError("sign_in_required", "Sign in to do this.", status=401)
