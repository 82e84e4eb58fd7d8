"""generate_scale for webhooks (see core/scale.py): each network's endpoints (its members' and
partners' integrations, at most `MAX_ENDPOINTS_PER_NETWORK` each: 60 at factor 1.0), with signing
secrets as `endpoint_create` stores them (some rotated), and about 500,000 deliveries over two
years with about 600,000 attempts, as `deliveries` writes them: most delivered first time, some
after retries, some failed after every try (10 over about three days), some still being retried.

Off endpoints are as the app leaves them: one per network turned off by failures (the limit of
failed deliveries in a row, with none delivered between; or a 410 answer), its waiting deliveries
left pending; now and then one turned off by the network team. No delivery is made for an endpoint
while it is off.

One shape for the page benchmark: the first network's first endpoint has 20,000 deliveries (its
delivery log). Ids left: "webhooks.endpoints", "webhooks.busy_endpoint".
"""

from __future__ import annotations

import base64
import datetime
from collections.abc import Iterator
from dataclasses import dataclass
from typing import TypedDict

from django.conf import settings

from recoverynet.core import domain_events
from recoverynet.core.scale import BATCH, Progress, ScaleContext, insert, own_timestamps, register
from recoverynet.network.models import Network, NetworkRole, NetworkRoleKind, Organisation

from . import signing
from .deliveries import MAX_ATTEMPTS, RETRY_DELAYS, body_for, last_success_refresh
from .models import Attempt, Delivery, DeliveryStatus, Endpoint
from .services import MAX_ENDPOINTS_PER_NETWORK

BUSY_DELIVERIES = 20_000
TWO_YEARS = 730
SECOND = datetime.timedelta(seconds=1)
# The events most integrations listen to; bookings are by far the most frequent.
COMMON = {"booking.confirmed": 40, "booking.cancelled": 8, "invoice.issued": 12, "invoice.paid": 10}
GONE = "The endpoint answered 410 Gone, which means it no longer exists."
TURNED_OFF = "Turned off by the network team."


@dataclass
class Plan:
    """One endpoint as planned: the window its deliveries fall in and how it ended."""

    endpoint: Endpoint
    deliveries: int
    first: datetime.datetime
    last: datetime.datetime
    off: str = ""  # "", "streak", "gone" or "manual"


def generate(ctx: ScaleContext) -> None:
    types = [t.name for t in domain_events.catalogue() if t.name in COMMON] or [
        t.name for t in domain_events.catalogue()
    ]
    plans = _endpoints(ctx, types)
    total = sum(p.deliveries for p in plans)
    progress = Progress(ctx, "webhook deliveries", total)
    counts = {"webhook attempts": 0}
    payloads = {t.name: list(t.payload) for t in domain_events.catalogue()}
    slugs = dict(Network.objects.values_list("pk", "slug"))
    with own_timestamps(Delivery):
        for plan in plans:
            rows = _deliveries(ctx, plan, payloads, slugs[plan.endpoint.network_id])
            while batch := [row for _, row in zip(range(BATCH), rows, strict=False)]:
                made = insert(ctx, Delivery, [d for d, _tries in batch])
                attempts = [
                    Attempt(delivery_id=d.pk, **attempt)
                    for d, (_same, tries) in zip(made, batch, strict=True)
                    for attempt in tries
                ]
                for offset in range(0, len(attempts), BATCH):
                    insert(ctx, Attempt, attempts[offset : offset + BATCH])
                counts["webhook attempts"] += len(attempts)
                progress.step(len(made))
    progress.close()
    ctx.counts.update({k: ctx.counts.get(k, 0) + v for k, v in counts.items()})
    last_success_refresh(Endpoint.objects.filter(pk__in=[p.endpoint.pk for p in plans]))


def _endpoints(ctx: ScaleContext, common: list[str]) -> list[Plan]:
    """Each network's endpoints: at most the app's limit, at least two (one of them off)."""
    catalogue = [t.name for t in domain_events.catalogue()]
    coordinators: dict[int, int] = {}
    for network, user in (
        NetworkRole.objects.filter(role=NetworkRoleKind.COORDINATOR)
        .order_by("pk")
        .values_list("network_id", "user_id")
    ):
        coordinators.setdefault(network, user)
    orgs: dict[int, list[int]] = {}
    for org, network in zip(
        ctx.ids["network.organisations"], ctx.ids["network.organisation_network"], strict=True
    ):
        orgs.setdefault(network, []).append(org)
    names = dict(Organisation.objects.values_list("pk", "slug"))
    per_network = max(2, min(MAX_ENDPOINTS_PER_NETWORK, ctx.n(20)))
    networks = ctx.ids["network.networks"]
    shares = [ctx.rng.uniform(0.2, 1.8) for _ in range(per_network * len(networks))]
    rest = max(0, ctx.n(500_000, minimum=100) - ctx.n(BUSY_DELIVERIES, minimum=50))
    plans: list[Plan] = []
    for n, network in enumerate(networks):
        for j in range(per_network):
            created = ctx.anchor - datetime.timedelta(
                days=TWO_YEARS if (n, j) == (0, 0) else ctx.rng.randint(300, TWO_YEARS)
            )
            org = ctx.rng.choice(orgs.get(network) or [0])
            slug = names.get(org, f"partner-{j}")
            off = ("streak", "gone", "streak")[n % 3] if j == 1 else ""
            if j > 1 and ctx.rng.random() < 0.08:
                off = "manual"
            rotated = ctx.rng.random() < 0.2
            endpoint = Endpoint(
                public_id=ctx.uuid(),
                network_id=network,
                url=f"https://integrations.{slug}.example.org/hooks/recoverynet/{j}",
                description=f"{slug.replace('-', ' ').title()}: CRM integration",
                event_types=sorted(
                    {*ctx.rng.sample(common, ctx.rng.randint(1, len(common)))}
                    | {*ctx.rng.sample(catalogue, ctx.rng.randint(0, 3))}
                ),
                secret=_secret(ctx),
                previous_secret=_secret(ctx) if rotated else "",
                previous_secret_expires_at=created + datetime.timedelta(days=200)
                if rotated
                else None,
                created_by_id=coordinators.get(network),
                created_at=created,
                updated_at=created,
            )
            last = ctx.anchor
            if off:
                last = ctx.anchor - datetime.timedelta(days=ctx.rng.randint(5, 120))
                endpoint.is_active = False
                endpoint.disabled_at = last
                endpoint.disabled_reason = {
                    "gone": GONE,
                    "manual": TURNED_OFF,
                    "streak": _streak_reason(settings.WEBHOOKS_DISABLE_AFTER_FAILURES),
                }[off]
            count = (
                ctx.n(BUSY_DELIVERIES, minimum=50)
                if (n, j) == (0, 0)
                else round(rest * shares[len(plans)] / sum(shares[1:]))
            )
            plans.append(Plan(endpoint, max(count, 10), created, last, off))
    with own_timestamps(Endpoint):
        made = insert(ctx, Endpoint, [p.endpoint for p in plans])
    ctx.ids["webhooks.endpoints"] = [e.pk for e in made]
    ctx.ids["webhooks.busy_endpoint"] = [made[0].pk]
    ctx.counts["webhook endpoints"] = len(made)
    return plans


def _secret(ctx: ScaleContext) -> str:
    """As `signing.new_secret` makes it, from the seeded source."""
    raw = ctx.rng.getrandbits(8 * signing.SECRET_BYTES).to_bytes(signing.SECRET_BYTES, "big")
    return signing.PREFIX + base64.b64encode(raw).decode("ascii")


def _streak_reason(limit: int) -> str:
    """What `deliveries._record` says when the streak reaches the limit."""
    return (
        f"{limit} {'delivery' if limit == 1 else 'deliveries'} in a row failed, each after "
        f"{MAX_ATTEMPTS} tries over about 3 days, with none delivered between (the limit is {limit})."
    )


class Try(TypedDict):
    """An `Attempt` row's values, as `deliveries._record` writes them."""

    at: datetime.datetime
    status_code: int | None
    duration_ms: int
    response_excerpt: str
    error: str


Tries = list[Try]


def _deliveries(
    ctx: ScaleContext, plan: Plan, payloads: dict[str, list[str]], slug: str
) -> Iterator[tuple[Delivery, Tries]]:
    """The endpoint's deliveries, oldest first, each with its attempts. An endpoint turned off by
    failures ends with the failed run that turned it off (and the deliveries then waiting)."""
    endings: list[str] = []
    if plan.off == "streak":
        limit = settings.WEBHOOKS_DISABLE_AFTER_FAILURES
        endings = ["failed"] * limit + ["waiting", "waiting"]
    elif plan.off == "gone":
        endings = ["gone"]
    ordinary = max(0, plan.deliveries - len(endings))
    # The failed run ends when the last of its ten tries (over about three days) fails: the moment
    # the endpoint was turned off; a 410 turns it off at once.
    end = plan.last
    if plan.off == "streak":
        end -= sum(RETRY_DELAYS, datetime.timedelta(hours=1))
    elif plan.off == "gone":
        end -= datetime.timedelta(minutes=1)
    span = max(1, int((end - plan.first).total_seconds()))
    moments = sorted(ctx.rng.randrange(span) for _ in range(ordinary))
    types = plan.endpoint.event_types
    weights = [COMMON.get(t, 1) for t in types]
    for seconds in moments:
        at = plan.first + seconds * SECOND
        kind = ctx.rng.choices(types, weights=weights)[0]
        yield _delivery(ctx, plan, at, kind, _outcome(ctx, at), payloads, slug)
    for k, ending in enumerate(endings):
        at = end + k * datetime.timedelta(minutes=10)
        yield _delivery(ctx, plan, at, types[0], ending, payloads, slug)


def _outcome(ctx: ScaleContext, at: datetime.datetime) -> str:
    """Most arrive first time; some after a retry or two; a few (older than a month, so every try
    is long over and the endpoint has had successes since) failed; a few recent ones retrying."""
    roll = ctx.rng.random()
    if at > ctx.anchor - datetime.timedelta(days=3) and roll < 0.05:
        return "retrying"
    if at < ctx.anchor - datetime.timedelta(days=30) and roll < 0.015:
        return "failed"
    return "retried" if roll > 0.88 else "ok"


def _delivery(
    ctx: ScaleContext,
    plan: Plan,
    at: datetime.datetime,
    kind: str,
    outcome: str,
    payloads: dict[str, list[str]],
    slug: str,
) -> tuple[Delivery, Tries]:
    tries: Tries = []
    moment = at + SECOND * ctx.rng.randint(1, 5)
    failures = {
        "ok": 0,
        "retried": ctx.rng.choice((1, 1, 1, 2)),
        "failed": MAX_ATTEMPTS,
        "retrying": ctx.rng.randint(1, 4),
        "waiting": ctx.rng.randint(1, 4),
        "gone": 0,
    }[outcome]
    for k in range(failures):
        code = ctx.rng.choice((500, 502, 503, None))
        tries.append(
            {
                "at": moment,
                "status_code": code,
                "duration_ms": 10_000 if code is None else ctx.rng.randint(30, 900),
                "response_excerpt": "" if code is None else "Service unavailable",
                "error": "Could not connect: TimeoutError" if code is None else "",
            }
        )
        moment += RETRY_DELAYS[min(k, len(RETRY_DELAYS) - 1)]
    status, next_at = DeliveryStatus.SUCCEEDED, None
    if outcome in ("ok", "retried", "gone"):
        code = 410 if outcome == "gone" else 200
        tries.append(
            {
                "at": moment,
                "status_code": code,
                "duration_ms": ctx.rng.randint(20, 400),
                "response_excerpt": '{"received":true}' if code == 200 else "Gone",
                "error": "",
            }
        )
        status = DeliveryStatus.FAILED if outcome == "gone" else DeliveryStatus.SUCCEEDED
    elif outcome == "failed":
        status = DeliveryStatus.FAILED
    else:  # retrying, or waiting for the endpoint to be turned back on
        status, next_at = DeliveryStatus.PENDING, moment
    event_id = f"evt_{ctx.rng.getrandbits(128):032x}"
    body = body_for(
        event_type=kind,
        occurred_at=at.isoformat(),
        network=slug,
        data={name: ctx.rng.randrange(1, 10**6) for name in payloads.get(kind, [])},
    )
    last = tries[-1]["status_code"] if tries else None
    delivery = Delivery(
        public_id=ctx.uuid(),
        endpoint_id=plan.endpoint.pk,
        event_id=event_id,
        event_type=kind,
        message_id=f"msg_{ctx.rng.getrandbits(128):032x}",
        body=body,
        status=status,
        attempts=len(tries),
        next_attempt_at=next_at,
        last_status_code=last,
        created_at=at,
        updated_at=tries[-1]["at"] if tries else at,
    )
    return delivery, tries


register("Webhook endpoints and deliveries", 100, generate)
