"""Helpers the engagement services share: access checks, days in halves, links."""

from __future__ import annotations

import datetime
from decimal import Decimal, InvalidOperation

from django.urls import reverse

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import ApplicationError, PermissionDenied

from .. import access
from ..arithmetic import is_half_days
from ..models import Engagement

MAX_DAYS = Decimal("500")


def require_manager(actor: Actor, engagement: Engagement) -> None:
    if not access.can_manage(actor, engagement):
        raise PermissionDenied(
            "Only the network lead and the consultants on this engagement can change it."
        )


def half_days(
    value: Decimal | int | str | None,
    *,
    field: str,
    label: str,
    most: Decimal = MAX_DAYS,
) -> Decimal:
    """A number of days: more than 0, at most `most`, in whole or half days."""
    try:
        days = Decimal(str(value)) if value is not None else None
    except (InvalidOperation, ValueError):
        days = None
    if days is None or not days.is_finite():
        raise ApplicationError("invalid", f"Enter {label} as a number.", field=field, status=422)
    if days <= 0:
        raise ApplicationError(
            "invalid", f"{label.capitalize()} must be more than 0.", field=field, status=422
        )
    if days > most:
        raise ApplicationError(
            "invalid", f"{label.capitalize()} must be {most} or fewer.", field=field, status=422
        )
    if not is_half_days(days):
        raise ApplicationError(
            "invalid",
            f"Enter {label} in whole or half days, for example 1 or 1.5.",
            field=field,
            status=422,
        )
    return days.quantize(Decimal("0.1"))


def money(value: Decimal | None, *, field: str, label: str) -> Decimal:
    if value is None:
        return Decimal("0.00")
    if not value.is_finite() or value < 0 or value > Decimal("9999999"):
        raise ApplicationError(
            "invalid", f"{label} must be between 0 and 9,999,999.", field=field, status=422
        )
    if value != value.quantize(Decimal("0.01")):
        raise ApplicationError(
            "invalid", f"{label} must be in pounds and pence.", field=field, status=422
        )
    return value.quantize(Decimal("0.01"))


def engagement_url(engagement: Engagement) -> str:
    return reverse("engagements:detail", args=[engagement.public_id])


def in_engagement(
    engagement: Engagement, day: datetime.date | None, *, field: str, label: str
) -> None:
    if day is None:
        raise ApplicationError("invalid", f"Enter {label}.", field=field, status=422)
    if not engagement.starts_on <= day <= engagement.ends_on:
        raise ApplicationError(
            "invalid",
            f"{label.capitalize()} must be within the engagement "
            f"({engagement.starts_on:%-d %B %Y} to {engagement.ends_on:%-d %B %Y}).",
            field=field,
            status=422,
        )
