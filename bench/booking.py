"""Booking race: hundreds of clients racing for the places on one event through the HTTP API.

    .venv/bin/python bench/booking.py [--clients 300] [--requests-per-client 2] [--capacity 60]
                                      [--workers 4] [--threads 8] [--duration-limit 60]
                                      [--configs 2x8,4x8]   # try several gunicorn shapes in one go
                                      [--scenarios issue17] # the race's three shapes (below)

Scenarios (`--scenarios`, comma-separated; each on a fresh database; default `race`), all with
the same total of requests (clients x requests per client, 600 by default):

- `race`: every client on its own keep-alive connection, for `--capacity` places;
- `new-connection-N`: N concurrent clients, every request on a new connection of its own (how a
  rush from many browsers arrives), for `--capacity` places; `issue17` runs N = 50 and 100;
- `all-succeed`: as `race`, with a place for every request, so every booking is confirmed (each
  issues an invoice and queues its e-mails).

For each gunicorn shape: a fresh PostgreSQL database (dropped and created), migrations, a seeded
network/event/rate and one user with an API token per client; gunicorn on a free loopback port;
an untimed warm-up; then

1. the race: every client books one delegate per request on the same event
   (`POST /api/v1/events/{id}/bookings`, each request with its own Idempotency-Key), all released
   at once over keep-alive connections;
2. the same harness, same clients and request count, against a trivial authenticated write
   (`PATCH /api/v1/me`), to give a ratio;
3. gunicorn is stopped (always, also on error or Ctrl+C) and the database is checked: confirmed
   places against capacity (oversold), bookings acknowledged but missing or present but never
   acknowledged (lost), waiting-list order, and gap-free invoice numbers.

The report is printed and written to bench/results/booking-<timestamp>.txt. It is a measurement,
never a pass/fail test; the exit status is 0 whatever the figures (non-zero only if the bench
itself could not run).
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import sys
import time
import traceback
import uuid
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    PROJECT_DIR,
    CpuSampler,
    GunicornServer,
    Job,
    LoadRun,
    PgActivitySampler,
    ServerSettings,
    load_summary,
    recreate_database,
    run_load,
    stop_on_signals,
    wait_for_quiet,
    warm_up,
    write_report,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recoverynet_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/14"
TARGET_RPS = 100


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter
    )
    p.add_argument(
        "--clients",
        type=int,
        default=300,
        help="concurrent clients (one connection and one user each)",
    )
    p.add_argument(
        "--requests-per-client", type=int, default=2, help="booking requests each client sends"
    )
    p.add_argument("--capacity", type=int, default=60, help="places on the event")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument(
        "--threads",
        type=int,
        default=2,
        help="threads per gunicorn worker (gthread); 2 measured best for the lock-bound booking race",
    )
    p.add_argument("--worker-class", default="gthread", help="gunicorn worker class")
    p.add_argument(
        "--pool-min", type=int, default=None, help="DATABASE_POOL_MIN per worker (default: threads)"
    )
    p.add_argument(
        "--pool-max", type=int, default=None, help="DATABASE_POOL_MAX per worker (default: threads)"
    )
    p.add_argument(
        "--switch-interval",
        type=float,
        default=None,
        help="GIL switch interval in ms in each worker (default: Python's 5 ms)",
    )
    p.add_argument("--no-preload", action="store_true", help="do not pass --preload to gunicorn")
    p.add_argument(
        "--configs",
        default="",
        help="comma-separated WORKERSxTHREADS shapes to run one after another (e.g. 2x8,4x8); overrides --workers/--threads",
    )
    p.add_argument(
        "--duration-limit",
        type=float,
        default=60.0,
        help="no request starts after this many seconds (per phase)",
    )
    p.add_argument("--request-timeout", type=float, default=60.0, help="socket timeout per request")
    p.add_argument(
        "--wait-quiet",
        type=float,
        default=120.0,
        help="wait up to this many seconds for an idle machine before each phase",
    )
    p.add_argument("--skip-trivial", action="store_true", help="only run the booking race")
    p.add_argument(
        "--scenarios",
        default="race",
        help="race, new-connection-N, all-succeed (comma-separated), or issue17 for "
        "race,new-connection-50,new-connection-100,all-succeed",
    )
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    args = p.parse_args(argv)
    if args.clients < 1 or args.requests_per_client < 1 or args.capacity < 1:
        p.error("--clients, --requests-per-client and --capacity must be at least 1")
    if args.clients * args.requests_per_client > 20000:
        p.error("keep the run bounded: at most 20,000 requests per phase")
    try:
        args.scenario_list = scenarios(args)
    except ValueError as exc:
        p.error(str(exc))
    return args


@dataclass
class Scenario:
    name: str
    clients: int  # concurrent clients (one user and token each)
    total: int  # booking requests, spread evenly over the clients
    capacity: int
    new_connection: bool = False

    def per_client(self) -> list[int]:
        base, extra = divmod(self.total, self.clients)
        return [base + (1 if c < extra else 0) for c in range(self.clients)]

    def describe(self) -> str:
        how = "a new connection per request" if self.new_connection else "keep-alive connections"
        return (
            f"{self.name}: {self.total} requests from {self.clients} concurrent clients on {how}, "
            f"for {self.capacity} places"
        )


def scenarios(args: argparse.Namespace) -> list[Scenario]:
    total = args.clients * args.requests_per_client
    names = [n.strip() for n in args.scenarios.split(",") if n.strip()]
    if names == ["issue17"]:
        names = ["race", "new-connection-50", "new-connection-100", "all-succeed"]
    out = []
    for name in names:
        if name == "race":
            out.append(Scenario(name, args.clients, total, args.capacity))
        elif name == "all-succeed":
            out.append(Scenario(name, args.clients, total, total))
        elif name.startswith("new-connection-") and name.rsplit("-", 1)[1].isdecimal():
            clients = int(name.rsplit("-", 1)[1])
            if not 1 <= clients <= 1000:
                raise ValueError(f"{name}: between 1 and 1,000 concurrent clients")
            out.append(Scenario(name, min(clients, total), total, args.capacity, True))
        else:
            raise ValueError(f"unknown scenario {name!r}")
    return out


def server_shapes(args: argparse.Namespace) -> list[ServerSettings]:
    shapes = []
    specs = [s.strip() for s in args.configs.split(",") if s.strip()] or [
        f"{args.workers}x{args.threads}"
    ]
    for spec in specs:
        workers, _, threads = spec.partition("x")
        shapes.append(
            ServerSettings(
                workers=int(workers),
                threads=int(threads or 1),
                worker_class=args.worker_class,
                pool_min=args.pool_min,
                pool_max=args.pool_max,
                preload=not args.no_preload,
                switch_interval=args.switch_interval / 1000 if args.switch_interval else None,
            )
        )
    for s in shapes:
        if s.workers * s.effective_pool_max > 80:
            raise SystemExit(
                f"{s.describe()}: more than 80 database connections; PostgreSQL allows 100 here."
            )
    return shapes


def bench_env(args: argparse.Namespace) -> dict[str, str]:
    env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("DJANGO_", "RECOVERYNET_", "DATABASE_"))
    }
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "recoverynet.settings",
            "DATABASE_URL": args.database_url,
            "REDIS_URL": args.redis_url,
            "DJANGO_SECRET_KEY": "bench-" + uuid.uuid4().hex,
            "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
            "DJANGO_DEBUG": "0",
            "RECOVERYNET_TASKS": "database",  # e-mail is queued for a worker, never sent inline
            "RECOVERYNET_LOG_LEVEL": "WARNING",
            "RECOVERYNET_SITE_URL": "http://127.0.0.1:8000",
            "PYTHONPATH": str(PROJECT_DIR / "src"),
        }
    )
    return env


# --- Seeding (through the services) ---------------------------------------------------------------


@dataclass
class Seed:
    event_id: int
    event_public_id: str
    network_id: int
    rate_id: int
    capacity: int
    tokens: list[str]  # one per client
    warm_token: str


def seed(args: argparse.Namespace, run_id: str) -> Seed:
    """`args.clients` users with tokens and an event of `args.capacity` places (a scenario's)."""
    from django.contrib.auth.hashers import make_password
    from django.utils import timezone

    from recoverynet.accounts.models import ApiToken, User
    from recoverynet.accounts.services import api_token_create
    from recoverynet.core.tokens import digest as hash_token
    from recoverynet.events import services as event_services
    from recoverynet.network.services import network_create

    admin = User.objects.create_superuser(
        email="bench-admin@bench.example", password=uuid.uuid4().hex
    )
    network = network_create(
        actor=admin,
        name="Bench Network",
        currency="GBP",
        tax_name="VAT",
        tax_rate=Decimal("0.20"),
        time_zone="Europe/London",
        supplier_name="Bench Network Ltd",
        supplier_address="1 Bench Street, Leeds",
        tax_number="GB 000 0000 00",
        payment_instructions="Sort code 00-00-00, account 00000000",
    )
    starts = (timezone.now() + datetime.timedelta(days=30)).replace(microsecond=0)
    event = event_services.event_create(
        actor=admin,
        network=network,
        title="Bench workshop",
        kind="workshop",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=6),
        venue_name="Hall",
        capacity=args.capacity,
        status="published",
        booking_mode="open",
    )
    rate = event_services.rate_create(
        actor=admin, event=event, kind="non_member", name="Standard", net_amount=Decimal("150.00")
    )
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            # A full name: `PATCH /api/v1/me` (the trivial write) checks the whole profile.
            User(
                email=f"client-{i:04d}@bench.example",
                full_name=f"Bench Client {i:04d}",
                password=unusable,
            )
            for i in range(args.clients)
        ]
    )
    raws = [f"rn_bench{run_id}{i:04d}{uuid.uuid4().hex}" for i in range(len(users))]
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user=u, name="bench", prefix=raw[:10], token_hash=hash_token(raw), scopes=["write"]
            )
            for u, raw in zip(users, raws, strict=True)
        ]
    )
    warm_user = User.objects.create_user(
        email="bench-warm@bench.example", full_name="Bench Warm-up", password=None
    )
    # Write scope: the warm-up also sends PATCH /api/v1/me (a read-only token got 403).
    warm_token = api_token_create(actor=warm_user, name="bench warm-up", scopes=("write",)).raw
    return Seed(
        event_id=event.pk,
        event_public_id=str(event.public_id),
        network_id=network.pk,
        rate_id=rate.pk,
        capacity=args.capacity,
        tokens=raws,
        warm_token=warm_token,
    )


# --- Jobs ------------------------------------------------------------------------------------------


def _json_headers(token: str, **extra: str) -> dict[str, str]:
    return {
        "Authorization": f"Bearer {token}",
        "Content-Type": "application/json",
        "Accept": "application/json",
        **extra,
    }


def _counts(args: argparse.Namespace, clients: int) -> list[int]:
    scenario = getattr(args, "scenario", None)
    return scenario.per_client() if scenario else [args.requests_per_client] * clients


def booking_jobs(s: Seed, args: argparse.Namespace, run_id: str) -> list[list[Job]]:
    path = f"/api/v1/events/{s.event_public_id}/bookings"
    jobs = []
    counts = _counts(args, len(s.tokens))
    for c, token in enumerate(s.tokens):
        mine = []
        for i in range(counts[c]):
            key = f"bench-{run_id}-{c:04d}-{i}"
            body = {
                "organisation": None,
                "purchase_order": "",
                "delegates": [
                    {
                        "name": f"Delegate {c}-{i}",
                        "email": f"delegate-{c:04d}-{i}@bench.example",
                        "rate": s.rate_id,
                    }
                ],
            }
            mine.append(
                Job(
                    "POST",
                    path,
                    _json_headers(token, **{"Idempotency-Key": key}),
                    json.dumps(body).encode(),
                    tag=key,
                )
            )
        jobs.append(mine)
    return jobs


def trivial_jobs(s: Seed, args: argparse.Namespace) -> list[list[Job]]:
    return [
        [
            Job(
                "PATCH",
                "/api/v1/me",
                _json_headers(token),
                json.dumps({"job_title": f"Peer trainer {c}-{i}"}).encode(),
                tag=f"{c}-{i}",
            )
            for i in range(count)
        ]
        for (c, token), count in zip(enumerate(s.tokens), _counts(args, len(s.tokens)), strict=True)
    ]


def warm_up_jobs(s: Seed, count: int) -> list[Job]:
    """Untimed and outside the race: reads of the event, and an authenticated read and write of the
    warm-up user's own profile (no booking, so the race starts from an empty event)."""
    jobs = []
    for i in range(count):
        if i % 3 == 0:
            jobs.append(
                Job(
                    "GET",
                    f"/api/v1/events/{s.event_public_id}",
                    {"Accept": "application/json"},
                    b"",
                )
            )
        elif i % 3 == 1:
            jobs.append(Job("GET", "/api/v1/me", _json_headers(s.warm_token), b""))
        else:
            jobs.append(
                Job(
                    "PATCH",
                    "/api/v1/me",
                    _json_headers(s.warm_token),
                    json.dumps({"job_title": f"w{i}"}).encode(),
                )
            )
    return jobs


# --- Checking the database afterwards ---------------------------------------------------------------


def check_database(s: Seed, run: LoadRun) -> dict[str, Any]:
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Count

    from recoverynet.billing.models import Invoice
    from recoverynet.core.models import OutboxMessage
    from recoverynet.events.models import Booking, Delegate

    confirmed_places = Delegate.objects.filter(
        booking__event_id=s.event_id, booking__status="confirmed", cancelled_at__isnull=True
    ).count()
    rows = list(
        Booking.objects.filter(event_id=s.event_id).values_list("id", "idempotency_key", "status")
    )
    by_status = Counter(status for _, _, status in rows)
    db_keys = {key: status for _, key, status in rows}
    duplicate_keys = len(rows) - len(db_keys)

    acked: dict[str, str] = {}
    for r in run.results:
        if 200 <= r.status < 300 and isinstance(r.body, dict):
            acked[r.tag] = r.body.get("status", "?")
    acked_missing = sorted(set(acked) - set(db_keys))
    unacked_present = sorted(set(db_keys) - set(acked))
    status_mismatch = sorted(k for k in set(acked) & set(db_keys) if acked[k] != db_keys[k])
    replays = sum(1 for r in run.results if r.status == 200)

    confirmed_ids = [pk for pk, _, st in rows if st == "confirmed"]
    waiting_ids = [pk for pk, _, st in rows if st == "waiting"]
    first_waiting = min(waiting_ids, default=None)
    order_violations = sum(
        1 for pk in confirmed_ids if first_waiting is not None and pk > first_waiting
    )
    demand = len(rows)  # one delegate per booking

    seqs = sorted(
        Invoice.objects.filter(network_id=s.network_id).values_list("sequence_number", flat=True)
    )
    expected = list(range(1, len(seqs) + 1))
    duplicates = len(seqs) - len(set(seqs))
    gaps = len(set(expected) - set(seqs)) if seqs else 0
    # Invoices are billing's, linked to what they bill (a booking here) generically.
    invoices_for_event = (
        Invoice.objects.filter(
            billed_type=ContentType.objects.get_for_model(Booking),
            billed_id__in=Booking.objects.filter(event_id=s.event_id).values("pk"),
        )
        .values("billed_id")
        .annotate(n=Count("id"))
    )
    bookings_with_two_invoices = sum(1 for row in invoices_for_event if row["n"] > 1)
    return {
        "confirmed_places": confirmed_places,
        "capacity": s.capacity,
        "oversold": max(0, confirmed_places - s.capacity),
        "unfilled": max(0, min(s.capacity, demand) - confirmed_places),
        "bookings_in_db": len(rows),
        "by_status": dict(by_status),
        "waiting": by_status.get("waiting", 0),
        "acked": len(acked),
        "acked_missing": acked_missing,
        "unacked_present": unacked_present,
        "lost": len(acked_missing) + len(unacked_present),
        "status_mismatch": status_mismatch,
        "duplicate_keys": duplicate_keys,
        "replays": replays,
        "order_violations": order_violations,
        "invoices": len(seqs),
        "invoice_max": seqs[-1] if seqs else 0,
        "invoice_gaps": gaps,
        "invoice_duplicates": duplicates,
        "confirmed_without_invoice": len(confirmed_ids) - len(invoices_for_event),
        "bookings_with_two_invoices": bookings_with_two_invoices,
        "outbox_messages": OutboxMessage.objects.count(),
    }


# --- One gunicorn shape ---------------------------------------------------------------------------------


@dataclass
class ShapeResult:
    shape: ServerSettings
    scenario: Scenario | None = None
    booking: LoadRun | None = None
    trivial: LoadRun | None = None
    booking_cpu: list[str] | None = None
    trivial_cpu: list[str] | None = None
    checks: dict[str, Any] | None = None
    error: str = ""
    server_log: Path | None = None
    server_log_errors: int = 0
    notes: list[str] = field(default_factory=list)


def run_shape(
    args: argparse.Namespace, env: dict[str, str], shape: ServerSettings, stamp: str, index: int = 1
) -> ShapeResult:
    import django
    from django.core.management import call_command
    from django.db import connections

    out = ShapeResult(shape=shape, scenario=getattr(args, "scenario", None))
    run_id = uuid.uuid4().hex[:8]
    print(f"\n== {shape.describe()}", flush=True)
    if out.scenario:
        print(f"   {out.scenario.describe()}", flush=True)
    t = time.perf_counter()
    django.setup()
    for (
        conn
    ) in connections.all():  # the database is about to be dropped under any pooled connection
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    recreate_database(args.database_url)
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    s = seed(args, run_id)
    connections.close_all()
    print(
        f"   database ready and seeded in {time.perf_counter() - t:.1f}s ({len(s.tokens)} clients)",
        flush=True,
    )

    out.server_log = (
        PROJECT_DIR
        / "bench"
        / "results"
        / f"gunicorn-{stamp}-{index}-{shape.workers}x{shape.threads}.log"
    )
    with GunicornServer(shape, env, out.server_log) as server:
        assert server.proc is not None
        counts = warm_up(
            server.port,
            warm_up_jobs(s, shape.workers * shape.threads * 6),
            concurrency=shape.workers * shape.threads * 2,
        )
        print(f"   warm-up: {dict(counts)}", flush=True)

        out.notes.append("booking race: " + wait_for_quiet(args.wait_quiet))
        sampler = CpuSampler(server.proc.pid)
        pg = PgActivitySampler(args.database_url)
        pg.start()
        sampler.start()
        try:
            out.booking = run_load(
                name="booking",
                port=server.port,
                jobs=booking_jobs(s, args, run_id),
                duration_limit=args.duration_limit,
                request_timeout=args.request_timeout,
                new_connection=bool(out.scenario and out.scenario.new_connection),
            )
        finally:
            sampler.stop()
            pg.stop()
        out.booking_cpu = sampler.lines(out.booking.elapsed, len(out.booking.answered)) + pg.lines()
        print(
            f"   booking race: {out.booking.rps:.1f} req/s, {len(out.booking.answered)} answered",
            flush=True,
        )

        if not args.skip_trivial:
            out.notes.append("PATCH /me: " + wait_for_quiet(args.wait_quiet))
            sampler = CpuSampler(server.proc.pid)
            sampler.start()
            out.trivial = run_load(
                name="trivial",
                port=server.port,
                jobs=trivial_jobs(s, args),
                duration_limit=args.duration_limit,
                request_timeout=args.request_timeout,
                new_connection=bool(out.scenario and out.scenario.new_connection),
            )
            sampler.stop()
            out.trivial_cpu = sampler.lines(out.trivial.elapsed, len(out.trivial.answered))
            print(
                f"   PATCH /me: {out.trivial.rps:.1f} req/s, {len(out.trivial.answered)} answered",
                flush=True,
            )
    # gunicorn is stopped here, whatever happened above.
    out.checks = check_database(s, out.booking)
    connections.close_all()
    if out.server_log.exists():
        text = out.server_log.read_text(errors="replace")
        out.server_log_errors = (
            text.count("Traceback") + text.count("[ERROR]") + text.count("[CRITICAL]")
        )
    return out


# --- Report -------------------------------------------------------------------------------------------


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def machine_lines(args: argparse.Namespace) -> list[str]:
    import django
    import gunicorn
    import psycopg

    cpu = "unknown"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    pg = "?"
    try:
        with psycopg.connect(args.database_url.rsplit("/", 1)[0] + "/postgres") as conn:
            pg = conn.execute("SHOW server_version").fetchone()[0]  # type: ignore[index]
    except Exception:  # the version is only for the report
        pass
    return [
        f"  machine      {os.cpu_count()} CPU ({cpu}), {platform.system()} {platform.release()}",
        f"  software     Python {platform.python_version()}, Django {django.get_version()}, gunicorn {gunicorn.__version__}, "
        f"PostgreSQL {pg}, psycopg {psycopg.__version__}",
        f"  everything on one machine: gunicorn, PostgreSQL, Redis and the load generator share the {os.cpu_count()} cores",
    ]


def shape_report(r: ShapeResult, args: argparse.Namespace) -> list[str]:
    lines = [f"--- {r.shape.describe()}", *(f"  ({n})" for n in r.notes)]
    if r.scenario:
        lines.insert(1, f"  scenario {r.scenario.describe()}")
    if r.error:
        lines += ["  FAILED TO RUN:", *("    " + x for x in r.error.rstrip().splitlines())]
    if r.booking is not None:
        b = r.booking
        lines += [
            "",
            f"  Booking race: POST /api/v1/events/{{id}}/bookings, 1 delegate per request, capacity {r.checks['capacity'] if r.checks else args.capacity}",
        ]
        lines += load_summary(b)
        lines += r.booking_cpu or []
        codes = Counter(
            res.body.get("code", "?")
            for res in b.results
            if 400 <= res.status < 500 and isinstance(res.body, dict)
        )
        if codes:
            lines.append(f"  4xx codes                        {dict(codes)}")
        samples = [res for res in b.results if res.status >= 500 or res.status == 0][:3]
        for res in samples:
            lines.append(f"  e.g. {res.status} {res.error or str(res.body)[:160]}")
    if r.checks is not None:
        c = r.checks
        lines += [
            "",
            "  Database afterwards",
            f"  confirmed places                 {c['confirmed_places']} of {c['capacity']}",
            f"  waiting bookings                 {c['waiting']}",
            f"  bookings by status               {c['by_status']}",
            f"  OVERSOLD (overbooked, must be 0) {c['oversold']}",
            f"  LOST (must be 0)                 {c['lost']}   (acknowledged but not in DB: {len(c['acked_missing'])};"
            f" in DB but never acknowledged: {len(c['unacked_present'])})",
            f"  status differs client vs DB      {len(c['status_mismatch'])}",
            f"  idempotent replays (200)         {c['replays']}",
            f"  confirmed after first waiting    {c['order_violations']}   (waiting-list order, must be 0)",
            f"  unfilled places despite demand   {c['unfilled']}",
            f"  invoices                         {c['invoices']} (numbers 1..{c['invoice_max']}); GAPS (must be 0) {c['invoice_gaps']};"
            f" duplicates {c['invoice_duplicates']}",
            f"  confirmed bookings w/o invoice   {c['confirmed_without_invoice']}; with two invoices {c['bookings_with_two_invoices']}",
            f"  outbox messages queued           {c['outbox_messages']}",
        ]
        if c["acked_missing"] or c["unacked_present"]:
            lines.append(f"  e.g. lost keys: {(c['acked_missing'] + c['unacked_present'])[:5]}")
    if r.trivial is not None:
        lines += [
            "",
            "  Trivial authenticated write: PATCH /api/v1/me (same clients, same request count)",
        ]
        lines += load_summary(r.trivial)
        lines += r.trivial_cpu or []
    if r.booking is not None and r.trivial is not None and r.trivial.rps > 0:
        lines += [
            "",
            f"  booking / trivial throughput     {r.booking.rps:.1f} / {r.trivial.rps:.1f} = {r.booking.rps / r.trivial.rps:.2f}",
        ]
    if r.server_log is not None:
        lines.append(
            f"  gunicorn log                     {r.server_log.relative_to(PROJECT_DIR)} ({r.server_log_errors} error lines)"
        )
    return lines


def verdict_lines(r: ShapeResult) -> list[str]:
    if r.booking is None or r.checks is None:
        return []
    counts = r.booking.status_counts()
    errors5 = sum(n for st, n in counts.items() if st >= 500) + counts.get(0, 0)
    c = r.checks
    lines = [
        f"  booking {r.booking.rps:.1f} req/s (target >= {TARGET_RPS}): {'met' if r.booking.rps >= TARGET_RPS else 'NOT met'};"
        f" p50/p95/p99 {r.booking.percentile(50) * 1000:.0f}/{r.booking.percentile(95) * 1000:.0f}/{r.booking.percentile(99) * 1000:.0f} ms;"
        f" overbooked={c['oversold']}, lost={c['lost']}, server errors/no answer {errors5}, invoice gaps {c['invoice_gaps']}"
    ]
    if r.scenario and r.scenario.name == "all-succeed":
        every = c["confirmed_places"] == c["bookings_in_db"] == r.booking.planned
        lines.append(
            f"  every booking confirmed: {'yes' if every else 'NO'} ({c['confirmed_places']} confirmed"
            f" of {r.booking.planned} requests, {c['waiting']} waiting)"
        )
    return lines


def summary_table(results: list[ShapeResult]) -> list[str]:
    lines = [
        "Summary",
        "  scenario             shape (WxT)  booking req/s  p50 ms  p95 ms  p99 ms  confirmed  waiting  oversold  lost  5xx  PATCH /me req/s  ratio",
    ]
    for r in results:
        name = f"{r.scenario.name if r.scenario else 'race':<20} "
        if r.booking is None or r.checks is None:
            lines.append(
                f"  {name}{r.shape.workers}x{r.shape.threads:<10} failed: {r.error.splitlines()[-1] if r.error else '?'}"
            )
            continue
        b, c = r.booking, r.checks
        e5 = sum(n for st, n in b.status_counts().items() if st >= 500)
        trps = r.trivial.rps if r.trivial else 0.0
        ratio = f"{b.rps / trps:.2f}" if trps else "-"
        lines.append(
            f"  {name}{f'{r.shape.workers}x{r.shape.threads}':<12} {b.rps:13.1f} {b.percentile(50) * 1000:7.0f} {b.percentile(95) * 1000:7.0f}"
            f" {b.percentile(99) * 1000:7.0f} {c['confirmed_places']:10d} {c['waiting']:8d} {c['oversold']:9d} {c['lost']:5d}"
            f" {e5:4d} {trps:16.1f} {ratio:>6}"
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    shapes = server_shapes(args)
    env = bench_env(args)
    os.environ.update(env)  # this process seeds and checks the same database through Django
    stamp = time.strftime("%Y%m%d-%H%M%S")
    results: list[ShapeResult] = []
    load_before = _load_average()
    with stop_on_signals():
        runs = [(shape, sc) for shape in shapes for sc in args.scenario_list]
        for index, (shape, scenario) in enumerate(runs, 1):
            run_args = argparse.Namespace(**vars(args))
            run_args.scenario = scenario
            run_args.clients, run_args.capacity = scenario.clients, scenario.capacity
            try:
                results.append(run_shape(run_args, env, shape, stamp, index))
            except KeyboardInterrupt:
                results.append(ShapeResult(shape=shape, scenario=scenario, error="interrupted"))
                break
            except Exception:
                results.append(
                    ShapeResult(shape=shape, scenario=scenario, error=traceback.format_exc())
                )

    lines = [
        f"recoverynet booking bench, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        *machine_lines(args),
        f"  load         {args.clients * args.requests_per_client} booking requests per scenario "
        f"({', '.join(sc.name for sc in args.scenario_list)}), HTTP/1.1 on 127.0.0.1, released together; "
        f"no request starts after {args.duration_limit:.0f}s",
        "  server env   RECOVERYNET_TASKS=database, DEBUG off, REDIS_URL cache, PostgreSQL with psycopg pool",
        f"  load average {load_before} before, {_load_average()} after (1, 5, 15 min; `uptime`)",
        "",
    ]
    for r in results:
        lines += [*shape_report(r, args), ""]
    lines += ["Verdict (a report, not a test)"]
    for r in results:
        scenario = f"{r.scenario.name}, " if r.scenario else ""
        lines += [f"  {scenario}{r.shape.workers}x{r.shape.threads}:", *verdict_lines(r)]
    lines += ["", *summary_table(results)]
    text = "\n".join(lines) + "\n"
    path = write_report("booking", text)
    print("\n" + text)
    print(f"Report written to {path.relative_to(PROJECT_DIR)}")
    return 0 if all(not r.error for r in results) else 1


if __name__ == "__main__":
    sys.exit(main())
