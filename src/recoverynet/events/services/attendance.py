"""Recording who attended."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from recoverynet.accounts.actors import Actor
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access
from ..models import (
    BookingStatus,
    Delegate,
)


@transaction.atomic
def delegate_check_in(*, actor: Actor, delegate: Delegate, attended: bool = True) -> Delegate:
    event = delegate.booking.event
    if not access.is_organiser(actor, event):
        raise PermissionDenied("Only the event's organisers can record attendance.")
    delegate = (
        Delegate.objects.select_for_update(of=("self",))
        .select_related("booking")
        .get(pk=delegate.pk)
    )
    if delegate.cancelled_at is not None or delegate.booking.status != BookingStatus.CONFIRMED:
        raise ApplicationError(
            "not_confirmed", "Only confirmed delegates can be checked in.", status=409
        )
    delegate.checked_in_at = timezone.now() if attended else None
    delegate.save(update_fields=["checked_in_at", "updated_at"])
    audit.record(
        actor=actor,
        action="events.attendance.recorded",
        obj=delegate.booking,
        changes={"delegate": delegate.name, "attended": attended},
    )
    return delegate
