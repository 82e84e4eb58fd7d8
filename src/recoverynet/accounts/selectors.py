"""Reads of a person's own account data."""

from __future__ import annotations

import uuid

from django.db.models import QuerySet

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import DataExport

from .models import ApiToken, User


def api_token_list(*, actor: User) -> QuerySet[ApiToken]:
    return ApiToken.objects.filter(user=actor).order_by("revoked_at", "-created_at")


def data_export_latest(*, actor: User) -> DataExport | None:
    """The person's most recent "Download my data" request (built by the map, core/privacy)."""
    return DataExport.objects.filter(person=actor).order_by("-created_at", "-id").first()


def data_export_file(*, actor: User, public_id: uuid.UUID, kind: str) -> tuple[DataExport, str]:
    """A ready export of the person's own data and the stored name of its JSON or PDF file."""
    export = DataExport.objects.filter(person=actor, public_id=public_id).first()
    if export is None or export.status != DataExport.Status.READY or kind not in ("json", "pdf"):
        raise ApplicationError("not_found", "We could not find that download.", status=404)
    return export, export.json_name if kind == "json" else export.pdf_name
