from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

from .api import FieldErrorOut

router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: str


class HealthDownOut(HealthOut):
    """The 503 answer carries the error shape too, as every API error does."""

    detail: str
    code: str
    errors: list[FieldErrorOut] = []


@router.get(
    "/health",
    response={200: HealthOut, 503: HealthDownOut},
    auth=None,
    summary="Is the service up?",
)
def health(request: HttpRequest) -> object:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return Status(
            503,
            {
                "status": "unavailable",
                "database": "unreachable",
                "detail": "The service cannot reach its database.",
                "code": "unavailable",
                "errors": [],
            },
        )
    return Status(200, {"status": "ok", "database": "ok"})
