"""One error type for business rules; views and the API turn it into a 4xx page or JSON body."""

from __future__ import annotations

from collections.abc import Mapping


class ApplicationError(Exception):
    """A request that is well formed but breaks a rule ("that organisation already has a membership").

    `code` is a stable machine-readable string; `message` is plain English for a person; `field`
    names the input at fault when there is one; `status` is the HTTP status to answer with;
    `extra` adds fields to the API's JSON answer (e.g. `url`: where to go instead), never replacing
    `detail`, `code` or `errors`.
    """

    def __init__(
        self,
        code: str,
        message: str,
        *,
        field: str | None = None,
        status: int = 400,
        extra: Mapping[str, object] | None = None,
    ) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.field = field
        self.status = status
        self.extra = dict(extra or {})

    def as_json(self) -> dict[str, object]:
        errors = [{"field": self.field, "message": self.message}] if self.field else []
        return {**self.extra, "detail": self.message, "code": self.code, "errors": errors}


class NotFound(ApplicationError):
    def __init__(self, message: str = "We could not find that.") -> None:
        super().__init__("not_found", message, status=404)


class PermissionDenied(ApplicationError):
    def __init__(self, message: str = "You do not have permission to do that.") -> None:
        super().__init__("permission_denied", message, status=403)
