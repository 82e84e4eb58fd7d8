"""A consultant's working days and leave per month (the capacity calendar's supply side)."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.db import transaction

from recoverynet.accounts.actors import Actor
from recoverynet.accounts.models import User
from recoverynet.core import audit
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.network.models import Network

from .. import access
from ..arithmetic import is_half_days
from ..models import ConsultantMonth


def _days(value: Decimal | None, field: str, label: str) -> Decimal:
    try:
        days = Decimal(str(value)) if value is not None else None
    except (InvalidOperation, ValueError):
        days = None
    if days is None or not days.is_finite() or not 0 <= days <= 23 or not is_half_days(days):
        raise ApplicationError(
            "invalid", f"{label} must be 0 to 23, in whole or half days.", field=field, status=422
        )
    return days


@transaction.atomic
def consultant_month_set(
    *,
    actor: Actor,
    network: Network,
    consultant: User,
    month: datetime.date,
    available_days: Decimal,
    leave_days: Decimal = Decimal("0"),
) -> ConsultantMonth:
    consultant_id = getattr(consultant, "pk", None)
    if consultant_id is None or not access.can_view_calendar_of(actor, network.pk, consultant_id):
        raise PermissionDenied(
            "Only the consultant and the network lead can change their availability."
        )
    if network.pk not in access.consulting_network_ids(consultant) and not access.is_network_lead(
        consultant, network.pk
    ):
        raise ApplicationError(
            "invalid", "Choose a consultant on the network's team.", field="consultant", status=422
        )
    available = _days(available_days, "available_days", "Working days")
    leave = _days(leave_days, "leave_days", "Days of leave")
    if leave > available:
        raise ApplicationError(
            "invalid",
            "Days of leave cannot be more than the working days.",
            field="leave_days",
            status=422,
        )
    row, _ = ConsultantMonth.objects.update_or_create(
        network=network,
        consultant=consultant,
        month=month.replace(day=1),
        defaults={"available_days": available, "leave_days": leave},
    )
    audit.record(
        actor=actor,
        action="engagements.capacity.set",
        obj=row,
        changes={"month": row.month.isoformat(), "available": str(available), "leave": str(leave)},
    )
    return row
