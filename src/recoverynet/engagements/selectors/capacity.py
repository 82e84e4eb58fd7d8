"""The capacity calendar: days committed per consultant per month against their availability and
leave, the over-commitment flag, and the forecast of engagements whose remaining days cannot fit
before their end date.

Committed days in a month are the consultant's planned sessions in it, plus each agreed
engagement's remaining days not yet planned, spread evenly over its months from this month to its
end and given to its lead consultant. Counted from the rows every time (a handful of queries)."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django.db.models import QuerySet

from recoverynet.accounts.actors import Actor
from recoverynet.core.errors import PermissionDenied
from recoverynet.network.models import Network, NetworkRole

from .. import access
from ..arithmetic import add_months, month_start, months_between
from ..models import (
    ConsultantMonth,
    Engagement,
    EngagementStatus,
    Session,
    SessionState,
)
from .engagements import _base, drawdown

ZERO = Decimal("0")
ACTIVE = (EngagementStatus.AGREED, EngagementStatus.IN_PROGRESS)


@dataclass(frozen=True)
class CapacityCell:
    month: datetime.date
    committed: Decimal
    available: Decimal | None  # None: availability not entered

    @property
    def over(self) -> bool:
        return self.available is not None and self.committed > self.available

    @property
    def free(self) -> Decimal:
        return max((self.available or ZERO) - self.committed, ZERO)


@dataclass(frozen=True)
class CapacityRow:
    consultant: Any
    cells: tuple[CapacityCell, ...]


@dataclass(frozen=True)
class Forecast:
    engagement: Engagement
    remaining: Decimal
    free: Decimal

    @property
    def short_by(self) -> Decimal:
        return max(self.remaining - self.free, ZERO)


def _require(actor: Actor, network: Network) -> None:
    if not access.can_view_capacity(actor, network.pk):
        raise PermissionDenied("Only the network's consultants and its lead can see capacity.")


def _spread(days: Decimal, months: list[datetime.date]) -> dict[datetime.date, Decimal]:
    """`days` spread over `months` in half days, the earlier months taking any extra half."""
    if not months or days <= 0:
        return {}
    halves = int((days * 2).to_integral_value(rounding=ROUND_HALF_UP))
    base, extra = divmod(halves, len(months))
    out = {m: Decimal(base + (1 if n < extra else 0)) / 2 for n, m in enumerate(months)}
    return {m: d for m, d in out.items() if d > 0}


Commitments = dict[tuple[int, datetime.date], dict[int, Decimal]]


def _commitments(network: Network, today: datetime.date) -> tuple[Commitments, list[Engagement]]:
    """(consultant id, month) → engagement id → days committed; and the active engagements."""
    found: Commitments = defaultdict(lambda: defaultdict(lambda: ZERO))
    active = list(_base().filter(network=network, status__in=ACTIVE))
    planned = Session.objects.filter(
        engagement__network=network, state=SessionState.PLANNED, engagement__status__in=ACTIVE
    ).values_list("consultant_id", "on", "engagement_id", "days")
    planned_by_engagement: dict[int, Decimal] = defaultdict(lambda: ZERO)
    for consultant_id, on, engagement_id, days in planned:
        found[(consultant_id, month_start(on))][engagement_id] += days
        planned_by_engagement[engagement_id] += days
    this_month = month_start(today)
    for engagement in active:
        unplanned = drawdown(engagement).remaining - planned_by_engagement[engagement.pk]
        months = months_between(max(this_month, engagement.starts_on), engagement.ends_on)
        for month, days in _spread(unplanned, months).items():
            found[(engagement.lead_consultant_id, month)][engagement.pk] += days
    return found, active


def _availability(network: Network) -> dict[tuple[int, datetime.date], Decimal]:
    return {
        (row.consultant_id, row.month): row.available_days - row.leave_days
        for row in ConsultantMonth.objects.filter(network=network)
    }


def capacity(
    *, actor: Actor, network: Network, first: datetime.date | None = None, months: int = 6
) -> list[CapacityRow]:
    _require(actor, network)
    today = network.today()
    first = month_start(first or today)
    span = [add_months(first, n) for n in range(months)]
    committed, _ = _commitments(network, today)
    available = _availability(network)
    people = {
        role.user_id: role.user
        for role in NetworkRole.objects.filter(network=network, role__in=access.CONSULTING_ROLES)
        .select_related("user")
        .order_by("user__full_name", "user__email")
    }
    return [
        CapacityRow(
            consultant=user,
            cells=tuple(
                CapacityCell(
                    month=month,
                    committed=sum(committed.get((user_id, month), {}).values(), ZERO),
                    available=available.get((user_id, month)),
                )
                for month in span
            ),
        )
        for user_id, user in people.items()
    ]


def forecast(*, actor: Actor, network: Network) -> list[Forecast]:
    """Agreed engagements whose remaining days do not fit in their team's free days (availability
    less every other commitment) between this month and their end."""
    _require(actor, network)
    today = network.today()
    committed, active = _commitments(network, today)
    available = _availability(network)
    out: list[Forecast] = []
    for engagement in active:
        remaining = drawdown(engagement).remaining
        if remaining <= 0:
            continue
        team = {engagement.lead_consultant_id, *(m.consultant_id for m in engagement.team.all())}
        free = ZERO
        for month in months_between(
            max(month_start(today), engagement.starts_on), engagement.ends_on
        ):
            for consultant_id in team:
                others = sum(
                    (
                        d
                        for e, d in committed.get((consultant_id, month), {}).items()
                        if e != engagement.pk
                    ),
                    ZERO,
                )
                free += max(available.get((consultant_id, month), ZERO) - others, ZERO)
        if remaining > free:
            out.append(Forecast(engagement=engagement, remaining=remaining, free=free))
    return out


def calendar_sessions(*, actor: Actor, network: Network, consultant_id: int) -> QuerySet[Session]:
    """A consultant's sessions, planned and delivered, for their .ics feed."""
    if not access.can_view_calendar_of(actor, network.pk, consultant_id):
        raise PermissionDenied("Only the consultant and the network lead can see this calendar.")
    return (
        Session.objects.filter(engagement__network=network, consultant_id=consultant_id)
        .exclude(state=SessionState.CANCELLED)
        .exclude(engagement__status=EngagementStatus.NOT_GOING_AHEAD)
        .select_related("engagement")
        .order_by("on")
    )
