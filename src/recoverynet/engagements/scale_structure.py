"""generate_scale for engagements, their structure (see engagements/scale.py): top-ups (approved by
the network lead, turned down with a reason, or waiting), a programme's three phases and their
milestones (reached once due, on an agreed programme), and each consultant's working days and leave
per month, two years back and one ahead (the capacity calendar's supply side)."""

from __future__ import annotations

import datetime
from collections.abc import Sized
from decimal import Decimal
from typing import TYPE_CHECKING

from recoverynet.core.scale import ScaleContext, bulk, insert

from .arithmetic import add_months, month_start
from .models import ConsultantMonth, EngagementKind, Milestone, Phase, TopUp

if TYPE_CHECKING:
    from .scale import Spec, World


def stamp(at: datetime.date, hour: int = 10) -> datetime.datetime:
    return datetime.datetime.combine(at, datetime.time(hour), tzinfo=datetime.UTC)


def count(ctx: ScaleContext, label: str, rows: Sized) -> None:
    ctx.counts[label] = ctx.counts.get(label, 0) + len(rows)


def generate(ctx: ScaleContext, world: World, chunk: list[Spec]) -> None:
    """Top-ups, and a programme's phases with their milestones."""
    top_ups = []
    for s in chunk:
        for days, state in s.top_ups:
            asked = stamp(s.starts_on + (s.ends_on - s.starts_on) / 2)
            decider = world.team[s.network][0]
            top_ups.append(
                TopUp(
                    allocation_id=s.allocation_pk,
                    days=days,
                    reason="More teams asked to take part than planned.",
                    requested_by_id=s.lead,
                    approved_by_id=decider if state == "approved" else None,
                    approved_at=asked + datetime.timedelta(days=2) if state == "approved" else None,
                    rejected_by_id=decider if state == "rejected" else None,
                    rejected_at=asked + datetime.timedelta(days=2) if state == "rejected" else None,
                    rejection_reason="Use the days left first." if state == "rejected" else "",
                    created_at=asked,
                    updated_at=asked,
                )
            )
    count(ctx, "top-ups", insert(ctx, TopUp, top_ups))
    programmes = [s for s in chunk if s.kind == EngagementKind.PROGRAMME]
    phases = insert(
        ctx,
        Phase,
        [
            Phase(engagement_id=s.pk, title=title, starts_on=a, ends_on=b)
            for s in programmes
            for title, a, b in _thirds(s)
        ],
    )
    count(ctx, "phases", phases)
    today = ctx.anchor.date()
    agreed = {s.pk for s in programmes if s.agreed}
    milestones = []
    for phase in phases:
        for n in range(1 + (phase.pk % 2)):
            due = phase.starts_on + (phase.ends_on - phase.starts_on) * (n + 1) / 2
            milestones.append(
                Milestone(
                    engagement_id=phase.engagement_id,
                    phase_id=phase.pk,
                    title=f"{phase.title}: milestone {n + 1}",
                    due_on=due,
                    reached_on=due if due <= today and phase.engagement_id in agreed else None,
                )
            )
    count(ctx, "milestones", insert(ctx, Milestone, milestones))


def _thirds(s: Spec) -> list[tuple[str, datetime.date, datetime.date]]:
    third = (s.ends_on - s.starts_on) / 3
    cuts = [s.starts_on, s.starts_on + third, s.starts_on + 2 * third, s.ends_on]
    names = ("Getting started", "Working together", "Embedding and review")
    return [
        (name, cuts[i] + (datetime.timedelta(days=1) if i else datetime.timedelta()), cuts[i + 1])
        for i, name in enumerate(names)
    ]


def months(ctx: ScaleContext, world: World) -> None:
    """Each consultant's working days and leave, two years back and one ahead (the capacity
    calendar's supply side)."""
    first = add_months(month_start(ctx.anchor.date()), -24)
    rows = [
        ConsultantMonth(
            network_id=network,
            consultant_id=user,
            month=add_months(first, m),
            available_days=Decimal(ctx.rng.randint(24, 40)) / 2,
            leave_days=Decimal(ctx.rng.choice((0, 0, 0, 1, 2, 4, 10))) / 2,
        )
        for network, users in world.team.items()
        for user in users
        for m in range(36)
    ]
    bulk(ctx, "consultant months", ConsultantMonth, iter(rows), len(rows))
