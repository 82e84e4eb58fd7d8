"""generate_scale for engagements, the work done (see engagements/scale.py): sessions (delivered in
the past, planned ahead, a few cancelled), outputs (written ones, and action plans started for a
client in the plans app, some made at a delivered session), a buddying pair's shared goals and
meeting log (about 60,000 entries at factor 1.0)."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from django.urls import reverse

from recoverynet.core.scale import ScaleContext, insert
from recoverynet.plans.models import Action, ActionPlan, ActionStatus

from .models import EngagementKind, LogEntry, Output, OutputKind, Session, SessionState, SharedGoal
from .occasions import ENGAGEMENT_SESSION
from .plan_source import SOURCE_KIND

if TYPE_CHECKING:
    from .scale import Spec, World

K = EngagementKind
STAMPED = (Session, Output, SharedGoal, LogEntry, ActionPlan, Action)
HALF = Decimal("0.5")
PLACES = ("Online", "At the client's offices", "Community centre", "Recovery College")
GOALS = (
    "Both services offer peer support from the first contact",
    "Carers are invited to every care review",
    "Co-produce one course a term with the partner's college",
)
LOG = (
    "Met online; shared how each team runs its peer support drop-in.",
    "Visited the partner's ward; agreed to swap job descriptions.",
    "Short call: the partner's lived experience panel will come to our next meeting.",
)


def plan_sessions(
    ctx: ScaleContext, spec: Spec, today: datetime.date
) -> list[tuple[datetime.date, Decimal, str, str]]:
    """The sessions of an agreed engagement, in date order: slots spread over its time that use
    most of the days (all of them for the busy programme); those on or before the anchor day are
    delivered (drawn down, within the days unless over-running with a reason), later ones planned,
    a few cancelled. (on, days, state, reason)."""
    assert spec.allocated is not None
    budget = spec.allocated + sum(
        (d for d, state in spec.top_ups if state == "approved"), Decimal(0)
    )
    halves = spec.kind == K.COACHING or (spec.kind == K.DAY_PACKAGE and ctx.rng.random() < 0.5)
    unit = HALF if halves else Decimal(1)
    if spec.kind in (K.VISIT, K.WORKSHOP) and budget < 2:
        unit = HALF
    usage = 1.0 if spec.busy else ctx.rng.uniform(0.85, 1.0)
    over_runs = not spec.busy and ctx.rng.random() < 0.03
    if over_runs:
        usage = 1.15
    slots = max(1, int(float(budget / unit) * usage))
    span = (spec.ends_on - spec.starts_on).days
    days = sorted(
        spec.starts_on + datetime.timedelta(days=ctx.rng.randint(0, span)) for _ in range(slots)
    )
    used = Decimal(0)
    out: list[tuple[datetime.date, Decimal, str, str]] = []
    for on in days:
        if ctx.rng.random() < 0.04:
            out.append((on, unit, SessionState.CANCELLED, "The client asked to move it."))
        elif on > today:
            out.append((on, unit, SessionState.PLANNED, ""))
        elif used + unit <= budget:
            used += unit
            out.append((on, unit, SessionState.DELIVERED, ""))
        elif over_runs:
            used += unit
            out.append((on, unit, SessionState.DELIVERED, "The client asked for one more day."))
    return out


def generate(ctx: ScaleContext, world: World, chunk: list[Spec]) -> None:
    sessions = insert(ctx, Session, [s for spec in chunk for s in _sessions(ctx, spec)])
    _count(ctx, "engagement sessions", len(sessions))
    delivered: dict[int, list[Session]] = {}
    for session in sessions:
        if session.state == SessionState.DELIVERED:
            delivered.setdefault(session.engagement_id, []).append(session)
    _outputs(ctx, world, chunk, delivered)
    goals = [
        SharedGoal(
            engagement_id=spec.pk,
            text=text,
            created_at=_at(spec.starts_on),
            updated_at=_at(spec.starts_on),
        )
        for spec in chunk
        if spec.kind == K.BUDDYING and spec.agreed
        for text in ctx.rng.sample(GOALS, ctx.rng.randint(1, 3))
    ]
    _count(ctx, "shared goals", len(insert(ctx, SharedGoal, goals)))
    entries = [entry for spec in chunk for entry in _log(ctx, world, spec)]
    _count(ctx, "meeting log entries", len(insert(ctx, LogEntry, entries)))


def _count(ctx: ScaleContext, label: str, n: int) -> None:
    ctx.counts[label] = ctx.counts.get(label, 0) + n


def _at(day: datetime.date, hour: int = 17) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour), tzinfo=datetime.UTC)


def _sessions(ctx: ScaleContext, spec: Spec) -> list[Session]:
    consultants = [spec.lead, *spec.team]
    rows = []
    for on, days, state, reason in spec.sessions:
        consultant = ctx.rng.choice(consultants)
        done = state == SessionState.DELIVERED
        counted = done and ctx.rng.random() < 0.7
        logged = _at(on) if done else _at(max(spec.starts_on, on - datetime.timedelta(days=21)), 9)
        rows.append(
            Session(
                public_id=ctx.uuid(),
                engagement_id=spec.pk,
                state=state,
                on=on,
                consultant_id=consultant,
                days=days,
                place=ctx.rng.choice(PLACES),
                notes="Worked through the self-assessment priorities with the team."
                if done
                else "",
                attended_staff=ctx.rng.randint(2, 20) if counted else None,
                attended_lived_experience=ctx.rng.randint(0, 8) if counted else None,
                attended_family_carers=ctx.rng.randint(0, 4) if counted else None,
                attended_other=ctx.rng.randint(0, 2) if counted else None,
                over_run_reason=reason if done else "",
                cancel_reason=reason if state == SessionState.CANCELLED else "",
                logged_by_id=consultant,
                created_at=logged,
                updated_at=logged,
            )
        )
    return rows


def _outputs(
    ctx: ScaleContext, world: World, chunk: list[Spec], delivered: dict[int, list[Session]]
) -> None:
    """Written outputs, and for some engagements an action plan started for the first client
    (`output_plan_start`: the plans app's plan, sourced from the engagement, with its first actions)."""
    outputs: list[Output] = []
    plans: list[tuple[Spec, ActionPlan]] = []
    for spec in chunk:
        sessions = delivered.get(spec.pk, [])
        if not sessions:
            continue
        written: dict[str, list[str]] = {
            K.BUDDYING: [OutputKind.GROUND_RULES],
            K.PROGRAMME: [OutputKind.STRATEGY, OutputKind.OTHER],
        }
        kinds = written.get(spec.kind, [OutputKind.OTHER] if ctx.rng.random() < 0.3 else [])
        for kind in kinds:
            made = sessions[-1].created_at
            outputs.append(
                Output(
                    engagement_id=spec.pk,
                    kind=kind,
                    title=f"{OutputKind(kind).label} agreed with the group",
                    text="What we agreed, in the group's own words.",
                    created_by_id=spec.lead,
                    created_at=made,
                    updated_at=made,
                )
            )
        if spec.busy or ctx.rng.random() < 0.15:
            at = ctx.rng.choice(sessions) if ctx.rng.random() < 0.5 else None
            made = at.created_at if at else sessions[0].created_at
            plans.append(
                (
                    spec,
                    ActionPlan(
                        public_id=ctx.uuid(),
                        organisation_id=spec.clients[0],
                        title=f"Our actions after {world.names.get(spec.clients[0], 'the engagement')}'s sessions"[
                            :200
                        ],
                        source_kind=SOURCE_KIND,
                        source_id=str(spec.public_id),
                        source_label=f"{K(spec.kind).label}: {world.names.get(spec.clients[0], '')}"[
                            :300
                        ],
                        source_url=reverse("engagements:detail", args=[spec.public_id]),
                        occasion_kind=ENGAGEMENT_SESSION if at else "",
                        occasion_id=at.public_id if at else None,
                        created_by_id=spec.lead,
                        created_at=made,
                        updated_at=made,
                    ),
                )
            )
    made_plans = insert(ctx, ActionPlan, [plan for _spec, plan in plans])
    _count(ctx, "engagement action plans", len(made_plans))
    actions = [
        Action(
            plan_id=plan.pk,
            what=f"Follow up session {n + 1}'s agreement with the team",
            owner_role="Recovery lead",
            due=(plan.created_at + datetime.timedelta(days=30 * (n + 1))).date(),
            status=ActionStatus.IN_PROGRESS if n == 0 else ActionStatus.NOT_STARTED,
            created_at=plan.created_at,
            updated_at=plan.created_at,
        )
        for plan in made_plans
        for n in range(ctx.rng.randint(3, 6))
    ]
    _count(ctx, "engagement plan actions", len(insert(ctx, Action, actions)))
    for (spec, plan), started in zip(plans, made_plans, strict=True):
        outputs.append(
            Output(
                engagement_id=spec.pk,
                kind=OutputKind.ACTION_PLAN,
                title=f"{plan.title} ({world.names.get(spec.clients[0], '')})"[:200],
                reference=str(started.public_id),
                url=reverse("plans:plan-detail", args=[started.public_id]),
                created_by_id=spec.lead,
                created_at=plan.created_at,
                updated_at=plan.created_at,
            )
        )
    _count(ctx, "engagement outputs", len(insert(ctx, Output, outputs)))


def _log(ctx: ScaleContext, world: World, spec: Spec) -> list[LogEntry]:
    """The pair's meeting log, spread over the time it has been meeting; written by either
    partner's recovery lead or the consultant."""
    if not spec.log_quota:
        return []
    last = min(spec.ends_on, ctx.anchor.date())
    span = max(0, (last - spec.starts_on).days)
    authors = [world.leads[o] for o in spec.clients if o in world.leads] + [spec.lead]
    rows = []
    for _ in range(spec.log_quota):
        on = spec.starts_on + datetime.timedelta(days=ctx.rng.randint(0, span))
        written = _at(on, 18)
        rows.append(
            LogEntry(
                engagement_id=spec.pk,
                on=on,
                text=ctx.rng.choice(LOG),
                author_id=ctx.rng.choice(authors),
                created_at=written,
                updated_at=written,
            )
        )
    return rows
