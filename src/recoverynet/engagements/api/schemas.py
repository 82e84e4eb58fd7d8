"""Shapes of the engagements API, and the functions that fill them from selectors' results."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any
from uuid import UUID

from ninja import Field, Schema

from recoverynet.core.text import Line, Name

from .. import selectors


class TopUpOut(Schema):
    id: int
    days: Decimal
    reason: str
    approved: bool
    approved_at: datetime.datetime | None
    rejected: bool = False
    rejection_reason: str = ""


class SessionOut(Schema):
    id: int
    public_id: UUID = Field(
        description="The id feedback forms and action plans name the session by "
        "(feedback target kind and plans occasion `engagement_session`)."
    )
    state: str
    on: datetime.date
    consultant: str
    days: Decimal
    place: str
    attended_staff: int | None
    attended_lived_experience: int | None
    attended_family_carers: int | None
    attended_other: int | None
    over_run_reason: str
    cancel_reason: str = ""


class OutputOut(Schema):
    kind: str
    title: str
    text: str
    url: str


class PhaseOut(Schema):
    id: int
    title: str
    starts_on: datetime.date
    ends_on: datetime.date


class MilestoneOut(Schema):
    id: int
    title: str
    due_on: datetime.date
    fee_net: Decimal
    reached_on: datetime.date | None
    invoiced: bool


class GoalOut(Schema):
    id: int
    text: str


class LogOut(Schema):
    on: datetime.date
    text: str


class DaysOut(Schema):
    allocated: Decimal
    original: Decimal | None
    used: Decimal
    remaining: Decimal
    used_percent: Decimal
    time_percent: Decimal
    level: str
    burn: str


class InvoiceRef(Schema):
    id: UUID
    number: str
    issued_on: datetime.date
    gross_total: Decimal
    currency: str


class EngagementSummary(Schema):
    id: UUID
    network: str
    kind: str
    title: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    organisations: list[str]
    lead_consultant: str
    days_allocated: Decimal
    days_used: Decimal
    level: str


class EngagementOut(Schema):
    """`view` says what the caller may see: team (everything), client (no internal notes) or
    buddy (a buddying partner: the shared goals and log only; the other fields are null)."""

    id: UUID
    view: str
    kind: str
    title: str
    status: str
    starts_on: datetime.date
    ends_on: datetime.date
    organisations: list[str]
    lead_consultant: str
    shared_goals: list[str]
    goals: list[GoalOut] = Field(
        default_factory=list, description="The shared goals with their ids (to change or remove)."
    )
    log: list[LogOut]
    summary: str | None = None
    challenges: list[int] | None = None
    invoicing: str | None = None
    fee_net: Decimal | None = None
    day_rate_net: Decimal | None = None
    purchase_order: str | None = None
    days: DaysOut | None = None
    phases: list[PhaseOut] | None = None
    milestones: list[MilestoneOut] | None = None
    client_quote: str | None = None
    top_ups: list[TopUpOut] | None = None
    sessions: list[SessionOut] | None = None
    outputs: list[OutputOut] | None = None
    invoices: list[InvoiceRef] | None = None
    round_before: UUID | None = None
    round_after: UUID | None = None


class TeamIn(Schema):
    email: str = Field(max_length=254)
    expertise: Line = Field("", max_length=200)


class EngagementIn(Schema):
    kind: str = Field(max_length=20)
    title: Name = Field(max_length=200)
    summary: str = Field("", max_length=5000)
    starts_on: datetime.date
    ends_on: datetime.date
    organisations: list[str] = Field(min_length=1, max_length=20, description="Organisation slugs.")
    lead_consultant: str = Field(max_length=254, description="The lead consultant's e-mail.")
    team: list[TeamIn] = Field(default_factory=list, max_length=20)
    challenges: list[int] = Field(default_factory=list, max_length=10)
    invoicing: str = Field("none", max_length=20)
    fee_net: Decimal = Field(Decimal("0"), ge=0, le=9999999, decimal_places=2)
    day_rate_net: Decimal = Field(Decimal("0"), ge=0, le=9999999, decimal_places=2)
    purchase_order: Line = Field("", max_length=100)
    client_contact_name: Line = Field("", max_length=200)
    client_contact_email: Line = Field("", max_length=254)
    days: Decimal | None = Field(None, gt=0, le=500)


class StatusIn(Schema):
    status: str = Field(max_length=20)


class DaysIn(Schema):
    days: Decimal = Field(gt=0, le=500)


class TopUpIn(Schema):
    days: Decimal = Field(gt=0, le=100)
    reason: str = Field(min_length=1, max_length=500)


class SessionIn(Schema):
    on: datetime.date
    consultant: str = Field(max_length=254, description="The consultant's e-mail.")
    days: Decimal = Field(gt=0, le=5)
    state: str = Field("delivered", max_length=12)
    place: Line = Field("", max_length=200)
    notes: str = Field("", max_length=5000)
    attended_staff: int | None = Field(None, ge=0, le=10000)
    attended_lived_experience: int | None = Field(None, ge=0, le=10000)
    attended_family_carers: int | None = Field(None, ge=0, le=10000)
    attended_other: int | None = Field(None, ge=0, le=10000)
    over_run_reason: str = Field("", max_length=500)


class OutputIn(Schema):
    kind: str = Field(max_length=20)
    title: Name = Field(max_length=200)
    text: str = Field("", max_length=10000)


class PlanOutputIn(Schema):
    organisation: str = Field(max_length=100, description="The client organisation's slug.")
    title: Name = Field(max_length=200)
    session: UUID | None = Field(
        None, description="A delivered session's id: the plan names it as made at that session."
    )


class DocumentIn(Schema):
    resource: UUID


class RoundsIn(Schema):
    round_before: UUID | None = None
    round_after: UUID | None = None


class CapacityCellOut(Schema):
    month: datetime.date
    committed: Decimal
    available: Decimal | None
    over: bool


class CapacityRowOut(Schema):
    consultant: str
    cells: list[CapacityCellOut]


class ForecastOut(Schema):
    engagement: UUID
    title: str
    remaining: Decimal
    free: Decimal
    ends_on: datetime.date


class CapacityOut(Schema):
    rows: list[CapacityRowOut]
    forecast: list[ForecastOut]


class AvailabilityIn(Schema):
    consultant: str = Field(max_length=254, description="The consultant's e-mail.")
    month: datetime.date = Field(description="Any day of the month.")
    available_days: Decimal = Field(ge=0, le=23)
    leave_days: Decimal = Field(Decimal("0"), ge=0, le=23)


def summary_out(engagement: Any) -> dict[str, Any]:
    d = selectors.drawdown(engagement)
    return {
        "id": engagement.public_id,
        "network": engagement.network.slug,
        "kind": engagement.kind,
        "title": engagement.title,
        "status": engagement.status,
        "starts_on": engagement.starts_on,
        "ends_on": engagement.ends_on,
        "organisations": [c.organisation.slug for c in engagement.clients.all()],
        "lead_consultant": engagement.lead_consultant.full_name or engagement.lead_consultant.email,
        "days_allocated": d.allocated,
        "days_used": d.used,
        "level": d.level,
    }


def _session(s: Any, team: bool) -> dict[str, Any]:
    """Numbers attending by perspective go to the network team only (small numbers could point at
    someone the client knows)."""
    counts = (
        "attended_staff",
        "attended_lived_experience",
        "attended_family_carers",
        "attended_other",
    )
    return {
        "id": s.pk,
        "public_id": s.public_id,
        "state": s.state,
        "on": s.on,
        "consultant": s.consultant.full_name or s.consultant.email,
        "days": s.days,
        "place": s.place,
        **{name: getattr(s, name) if team else None for name in counts},
        "over_run_reason": s.over_run_reason,
        "cancel_reason": s.cancel_reason,
    }


def engagement_out(actor: Any, found: selectors.Found) -> dict[str, Any]:
    e = found.engagement
    out: dict[str, Any] = {
        "id": e.public_id,
        "view": found.view,
        "kind": e.kind,
        "title": e.title,
        "status": e.status,
        "starts_on": e.starts_on,
        "ends_on": e.ends_on,
        "organisations": [c.organisation.slug for c in e.clients.all()],
        "lead_consultant": e.lead_consultant.full_name or e.lead_consultant.email,
        "shared_goals": [g.text for g in e.shared_goals.all()],
        "goals": [{"id": g.pk, "text": g.text} for g in e.shared_goals.all()],
        "log": [{"on": entry.on, "text": entry.text} for entry in e.log.all()],
    }
    if found.view == selectors.View.BUDDY:
        return out
    d = selectors.drawdown(e)
    b = selectors.engagement_burn(e)
    has_allocation = d.allocated > 0
    out.update(
        summary=e.summary,
        challenges=e.challenges,
        invoicing=e.invoicing,
        fee_net=e.fee_net,
        day_rate_net=e.day_rate_net,
        purchase_order=e.purchase_order,
        phases=[
            {"id": p.pk, "title": p.title, "starts_on": p.starts_on, "ends_on": p.ends_on}
            for p in e.phases.all()
        ],
        milestones=[
            {
                "id": m.pk,
                "title": m.title,
                "due_on": m.due_on,
                "fee_net": m.fee_net,
                "reached_on": m.reached_on,
                "invoiced": m.invoiced_at is not None,
            }
            for m in e.milestones.all()
        ],
        client_quote=e.client_quote if e.quote_consent else "",
        days={
            "allocated": d.allocated,
            "original": e.allocation.days if has_allocation else None,
            "used": d.used,
            "remaining": d.remaining,
            "used_percent": d.used_percent,
            "time_percent": b.time_percent,
            "level": d.level,
            "burn": b.sentence,
        },
        top_ups=[
            {
                "id": t.pk,
                "days": t.days,
                "reason": t.reason,
                "approved": t.approved_at is not None,
                "approved_at": t.approved_at,
                "rejected": t.rejected_at is not None,
                "rejection_reason": t.rejection_reason,
            }
            for t in (e.allocation.top_ups.all() if has_allocation else [])
        ],
        sessions=[_session(s, found.view == selectors.View.TEAM) for s in e.sessions.all()],
        outputs=[
            {"kind": o.kind, "title": o.title, "text": o.text, "url": o.url}
            for o in e.outputs.all()
        ],
        invoices=[
            {
                "id": i.public_id,
                "number": i.number,
                "issued_on": i.issued_on,
                "gross_total": i.gross_total,
                "currency": i.currency,
            }
            for i in selectors.invoices(actor=actor, found=found)
        ],
        round_before=e.round_before,
        round_after=e.round_after,
    )
    return out
