"""A short-lived undo for an action that can be reversed (issue #15, decision 0037).

The audit log is the record of what was done: an action can be undone while it is still the last
audited change of its object and was made less than `UNDO_WINDOW` ago. The service that undoes it
checks this itself (so the website and the API refuse the same late undo), puts back the state the
audited change records, and audits `<action>.undone`, which also ends the window.
"""

from __future__ import annotations

import datetime

from django.db import models
from django.utils import timezone

from .errors import ApplicationError
from .models import AuditEntry

UNDO_WINDOW = datetime.timedelta(minutes=15)


def undoable_change(obj: models.Model, action: str) -> AuditEntry | None:
    """The audited `action` on `obj` if it is the object's latest change and still undoable."""
    meta = obj._meta
    entry = (
        AuditEntry.objects.filter(
            object_type=f"{meta.app_label}.{meta.model_name}", object_id=str(obj.pk)
        )
        .order_by("-at", "-id")
        .first()
    )
    if entry is None or entry.action != action or entry.at < timezone.now() - UNDO_WINDOW:
        return None
    return entry


def undo_until(entry: AuditEntry) -> datetime.datetime:
    """When the undo of `entry` stops being offered."""
    return entry.at + UNDO_WINDOW


def require_undoable(obj: models.Model, action: str, what: str) -> AuditEntry:
    """The change to undo, or a 409 saying it can no longer be undone."""
    entry = undoable_change(obj, action)
    if entry is None:
        minutes = int(UNDO_WINDOW.total_seconds() // 60)
        raise ApplicationError(
            "too_late",
            f"{what} can no longer be undone: undo is possible for {minutes} minutes, "
            "and only while nothing else has changed.",
            status=409,
        )
    return entry
