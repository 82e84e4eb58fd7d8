"""generate_scale for consultancy engagements (see core/scale.py): about 3,000 engagements of every
kind over the member organisations, led by the network teams ("network.team"), with their clients
(two for a buddying pair, several for a programme), team members, the agreed days and top-ups
(approved, turned down or waiting), a programme's phases and milestones, and the consultants'
working months. Sessions, outputs, buddying goals and the meeting log are in `scale_work`.

As the services leave them: an engagement is agreed (with its days, agreed by its lead) before any
session; its first delivered session moves it to "in progress"; days are in halves; the days
delivered stay within the allocation and approved top-ups unless a session gives its reason for
over-running. Invoicing is "not invoiced" (no billing documents are made here).

One shape for the page benchmark: the first engagement is a programme of the first network, led by
its second coordinator, with four client organisations and about 100 sessions. Ids left:
"engagements.engagements" and "engagements.busy_engagement".
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from recoverynet.accounts.models import User
from recoverynet.core.scale import Progress, ScaleContext, insert, own_timestamps, register
from recoverynet.network.models import NetworkRole, NetworkRoleKind, Organisation

from . import scale_structure, scale_work
from .models import (
    Allocation,
    Engagement,
    EngagementClient,
    EngagementKind,
    EngagementStatus,
    SessionState,
    TeamMember,
    TopUp,
)
from .scale_structure import count, stamp

K = EngagementKind
CHUNK = 500
BUSY_CLIENTS = 4
# kind: (share, shortest and longest run in days, fewest and most days agreed)
KINDS: dict[str, tuple[float, int, int, int, int]] = {
    K.DAY_PACKAGE: (0.25, 90, 365, 5, 20),
    K.PROGRAMME: (0.08, 365, 730, 20, 60),
    K.COACHING: (0.17, 60, 240, 3, 10),
    K.BUDDYING: (0.20, 180, 450, 2, 6),
    K.VISIT: (0.15, 1, 30, 1, 3),
    K.WORKSHOP: (0.15, 1, 14, 1, 2),
}
EXPERTISE = ("Co-production", "Peer support", "Recovery Colleges", "Leadership", "Workforce")
FOCUS = ("co-production", "peer support", "a Recovery College", "recovery-focused leadership")


@dataclass
class Spec:
    """One engagement as planned before its rows are written."""

    kind: str
    network: int
    lead: int
    team: list[int]
    clients: list[int]
    starts_on: datetime.date
    ends_on: datetime.date
    status: str
    allocated: Decimal | None
    agreed: bool
    busy: bool = False
    top_ups: list[tuple[Decimal, str]] = field(default_factory=list)  # (days, state)
    log_quota: int = 0
    # (on, days, state, over-run or cancel reason), in date order: `scale_work.plan_sessions`
    sessions: list[tuple[datetime.date, Decimal, str, str]] = field(default_factory=list)
    pk: int = 0
    allocation_pk: int = 0
    public_id: object = None


class World:
    """What the engagements are made from: each network's coordinators and member organisations,
    each organisation's name and recovery lead."""

    def __init__(self, ctx: ScaleContext) -> None:
        self.team: dict[int, list[int]] = {}
        for network, user in (
            NetworkRole.objects.filter(role=NetworkRoleKind.COORDINATOR)
            .order_by("pk")
            .values_list("network_id", "user_id")
        ):
            self.team.setdefault(network, []).append(user)
        self.orgs: dict[int, list[int]] = {}
        for org, network in zip(
            ctx.ids["network.organisations"], ctx.ids["network.organisation_network"], strict=True
        ):
            self.orgs.setdefault(network, []).append(org)
        self.names = dict(Organisation.objects.values_list("pk", "name"))
        self.leads: dict[int, int] = {}
        for user, org in zip(
            ctx.ids["network.users"], ctx.ids["network.user_organisation"], strict=True
        ):
            self.leads.setdefault(org, user)  # the first person of each is its recovery lead
        self.contacts = {
            pk: (name, email)
            for pk, name, email in User.objects.filter(pk__in=self.leads.values()).values_list(
                "pk", "full_name", "email"
            )
        }
        self.networks = [
            n for n in ctx.ids["network.networks"] if self.team.get(n) and self.orgs.get(n)
        ]


def generate(ctx: ScaleContext) -> None:
    world = World(ctx)
    total = ctx.n(3_000, minimum=6)
    specs = [_spec(ctx, world, i) for i in range(total)]
    _log_quotas(ctx, specs)
    ctx.ids["engagements.engagements"] = []
    progress = Progress(ctx, "engagements", total)
    with own_timestamps(Engagement, TopUp, *scale_work.STAMPED):
        for start in range(0, total, CHUNK):
            chunk = specs[start : start + CHUNK]
            _engagements(ctx, world, chunk)
            scale_structure.generate(ctx, world, chunk)
            scale_work.generate(ctx, world, chunk)
            progress.step(len(chunk))
    progress.close()
    ctx.ids["engagements.busy_engagement"] = [specs[0].pk]
    scale_structure.months(ctx, world)


def _spec(ctx: ScaleContext, world: World, index: int) -> Spec:
    today = ctx.anchor.date()
    busy = index == 0
    if busy:
        kind, network = str(K.PROGRAMME), world.networks[0]
    else:
        kind = ctx.rng.choices(list(KINDS), weights=[k[0] for k in KINDS.values()])[0]
        network = ctx.rng.choices(
            world.networks, weights=[len(world.orgs[n]) for n in world.networks]
        )[0]
    _share, shortest, longest, fewest, most = KINDS[kind]
    if busy:
        starts_on, length = today - datetime.timedelta(days=500), 730
    else:
        starts_on = today + datetime.timedelta(days=ctx.rng.randint(-760, 180))
        length = ctx.rng.randint(shortest, longest)
    ends_on = starts_on + datetime.timedelta(days=length - 1)
    team = world.team[network]
    # The busy programme's lead is the network's second coordinator (the benchmark signs the first
    # in as the events organiser, and a person's new API token revokes their earlier one).
    lead = team[min(1, len(team) - 1)] if busy else ctx.rng.choice(team)
    others = [u for u in team if u != lead]
    members = (
        others[:2] if busy else ctx.rng.sample(others, ctx.rng.randint(0, min(2, len(others))))
    )
    orgs = world.orgs[network]
    with_leads = [o for o in orgs if o in world.leads] or orgs
    wanted = (
        2
        if kind == K.BUDDYING
        else BUSY_CLIENTS
        if busy
        else ctx.rng.randint(2, 6)
        if kind == K.PROGRAMME
        else 1
    )
    clients = ctx.rng.sample(with_leads if busy else orgs, min(wanted, len(orgs)))
    if kind == K.BUDDYING and len(clients) < 2:  # a pair needs two members of the network
        kind, ends_on = K.VISIT, starts_on
        fewest, most = KINDS[kind][3:]
    status = _status(ctx, starts_on, ends_on, today, busy)
    agreed = status not in (
        EngagementStatus.ENQUIRY,
        EngagementStatus.PROPOSED,
        EngagementStatus.NOT_GOING_AHEAD,
    )
    allocated: Decimal | None = None
    if agreed or status == EngagementStatus.PROPOSED or ctx.rng.random() < 0.5:
        allocated = Decimal(80) if busy else Decimal(ctx.rng.randint(fewest * 2, most * 2)) / 2
    spec = Spec(
        kind, network, lead, members, clients, starts_on, ends_on, status, allocated, agreed, busy
    )
    if busy:
        spec.top_ups = [(Decimal(20), "approved"), (Decimal(5), "waiting")]
    elif agreed and allocated and ctx.rng.random() < 0.15:
        state = ctx.rng.choices(("approved", "rejected", "waiting"), weights=(70, 15, 15))[0]
        spec.top_ups = [(Decimal(ctx.rng.randint(2, 10)) / 2, state)]
    if agreed:
        spec.sessions = scale_work.plan_sessions(ctx, spec, today)
        delivered = any(state == SessionState.DELIVERED for _on, _d, state, _r in spec.sessions)
        if status == EngagementStatus.IN_PROGRESS and not delivered:
            spec.status = EngagementStatus.AGREED  # agreed, and nothing delivered yet
    return spec


def _status(
    ctx: ScaleContext,
    starts_on: datetime.date,
    ends_on: datetime.date,
    today: datetime.date,
    busy: bool,
) -> str:
    """Where it has got to by the anchor day (an agreed one that has begun is "in progress" once a
    session is delivered: `scale_work` settles that)."""
    S = EngagementStatus
    if busy:
        return S.IN_PROGRESS
    if ctx.rng.random() < 0.06:
        return S.NOT_GOING_AHEAD
    if ends_on < today - datetime.timedelta(days=14):
        return S.CLOSED
    if starts_on <= today:
        return S.IN_PROGRESS
    return ctx.rng.choices((S.ENQUIRY, S.PROPOSED, S.AGREED), weights=(15, 25, 60))[0]


def _log_quotas(ctx: ScaleContext, specs: list[Spec]) -> None:
    """About 60,000 meeting-log entries at factor 1.0, shared among the buddying pairs by how long
    each has been meeting (the log belongs to buddying pairs only)."""
    today = ctx.anchor.date()
    running = {
        i: (min(s.ends_on, today) - s.starts_on).days
        for i, s in enumerate(specs)
        if s.kind == K.BUDDYING and s.agreed and s.starts_on < today
    }
    whole = sum(running.values())
    target = ctx.n(60_000)
    for i, days in running.items():
        specs[i].log_quota = round(target * days / whole) if whole else 0


def _engagements(ctx: ScaleContext, world: World, chunk: list[Spec]) -> None:
    rows = []
    for s in chunk:
        first = world.names.get(s.clients[0], "the organisation")
        contact = world.contacts.get(world.leads.get(s.clients[0], 0), ("", ""))
        created = stamp(s.starts_on - datetime.timedelta(days=ctx.rng.randint(14, 90)))
        rows.append(
            Engagement(
                public_id=ctx.uuid(),
                network_id=s.network,
                kind=s.kind,
                title=f"{K(s.kind).label}: {first}"[:200]
                if not s.busy
                else f"Recovery programme: {first}"[:200],
                summary=f"Support for {first} with {ctx.rng.choice(FOCUS)}, co-produced with people "
                "who use its services.",
                status=s.status,
                starts_on=s.starts_on,
                ends_on=s.ends_on,
                client_contact_name=contact[0],
                client_contact_email=contact[1],
                lead_consultant_id=s.lead,
                challenges=sorted(ctx.rng.sample(range(1, 11), ctx.rng.randint(0, 3))),
                created_by_id=s.lead,
                created_at=created,
                updated_at=created,
            )
        )
    made = insert(ctx, Engagement, rows)
    for s, e in zip(chunk, made, strict=True):
        s.pk, s.public_id = e.pk, e.public_id
    ctx.ids["engagements.engagements"].extend(s.pk for s in chunk)
    count(
        ctx,
        "engagement clients",
        insert(
            ctx,
            EngagementClient,
            [
                EngagementClient(engagement_id=s.pk, organisation_id=o)
                for s in chunk
                for o in s.clients
            ],
        ),
    )
    count(
        ctx,
        "engagement team",
        insert(
            ctx,
            TeamMember,
            [
                TeamMember(engagement_id=s.pk, consultant_id=c, expertise=ctx.rng.choice(EXPERTISE))
                for s in chunk
                for c in s.team
            ],
        ),
    )
    with_days = [s for s in chunk if s.allocated is not None]
    allocations = insert(
        ctx,
        Allocation,
        [
            Allocation(engagement_id=s.pk, days=days, agreed_by_id=s.lead if s.agreed else None)
            for s in with_days
            if (days := s.allocated) is not None
        ],
    )
    count(ctx, "allocations", allocations)
    for s, a in zip(with_days, allocations, strict=True):
        s.allocation_pk = a.pk


register("Consultancy engagements", 70, generate)
