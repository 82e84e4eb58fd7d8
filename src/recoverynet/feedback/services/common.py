"""Helpers the feedback services share: short codes, keyed tags and the multi-field error."""

from __future__ import annotations

import secrets
from collections.abc import Mapping

from django.utils.crypto import salted_hmac

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access, targets
from ..models import Debate, FeedbackForm

# No 0/O, 1/I/L: easy to read off a projector and type on a phone.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"


def short_code(length: int = 7) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def new_salt() -> str:
    return secrets.token_hex(32)


def keyed_tag(purpose: str, salt: str, person_id: int | str) -> str:
    """HMAC (with the site's secret key) of the object's salt and a person's id. Without the salt
    (wiped when the form or debate is finished) it cannot be computed again by anyone."""
    return salted_hmac(f"recoverynet.feedback.{purpose}", f"{salt}:{person_id}").hexdigest()


class FieldsInvalid(ApplicationError):
    """Several fields at fault at once: every one is named in the API's `errors`."""

    def __init__(self, problems: Mapping[str, str]) -> None:
        first_field, first = next(iter(problems.items()))
        count = len(problems)
        message = first if count == 1 else f"{count} answers need changing. {first}"
        super().__init__("invalid", message, field=first_field, status=422)
        self.problems = dict(problems)

    def as_json(self) -> dict[str, object]:
        return {
            "detail": self.message,
            "code": self.code,
            "errors": [{"field": f, "message": m} for f, m in self.problems.items()],
        }


def require_organiser(actor: Actor, obj: FeedbackForm | Debate | targets.Target) -> None:
    if not access.is_organiser(actor, obj):
        raise PermissionDenied("Only the organisers can do this.")
