from __future__ import annotations

from django.db import connection
from django.http import HttpRequest
from ninja import Router, Schema, Status

router = Router(tags=["health"])


class HealthOut(Schema):
    status: str
    database: str


@router.get(
    "/health", response={200: HealthOut, 503: HealthOut}, auth=None, summary="Is the service up?"
)
def health(request: HttpRequest) -> object:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:
        return Status(503, {"status": "unavailable", "database": "unreachable"})
    return Status(200, {"status": "ok", "database": "ok"})
