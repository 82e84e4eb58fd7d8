"""Debate voting bench: a room of phones voting and changing their votes at once, on gunicorn and
PostgreSQL, with the projector polling as it does in the room.

    .venv/bin/python bench/debate_votes.py                 # 300 voters, cast + 2 changes each
    .venv/bin/python bench/debate_votes.py --voters 100 --workers 2 --threads 4

Each voter is a checked-in attendee with a personal API token; all are released together and send
`PUT /api/v1/debates/{id}/rounds/before/vote` (cast, then change their vote `--changes` times) on
their own keep-alive connection. Meanwhile one projector polls the live fragment every 2 seconds
(as htmx does). Then the round is closed and the database is checked: one vote per voter (never
two), each voter's vote is the last choice the server accepted from them (none lost), and the tally
the projector shows equals the distinct voters. The report opens with the issue's target (every
phone's vote counted within `--target-seconds`, 10 by default: met or not, with the load average
before and at its peak during the run; a busy machine is flagged), then gives votes per second,
latency percentiles, and what a projector refresh costs (latency over HTTP; database queries,
in-process; and the state check a Server-Sent Events stream makes instead).

A report, never a pass or fail test. It drops and recreates the database named by --database-url (its
name must contain "bench").
"""

from __future__ import annotations

import argparse
import datetime
import http.client
import json
import os
import sys
import threading
import time
import uuid
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    HOST,
    PROJECT_DIR,
    GunicornServer,
    Job,
    ServerSettings,
    load_summary,
    ms,
    percentile,
    recreate_database,
    run_load,
    stop_on_signals,
    warm_up,
    write_report,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/rn_feedback_bench"
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/5"
CHOICES = ("for", "against", "undecided")


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--voters", type=int, default=300, help="phones in the room")
    p.add_argument("--changes", type=int, default=2, help="times each voter changes their vote")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=8, help="threads per worker")
    p.add_argument("--poll", type=float, default=2.0, help="projector poll interval (s)")
    p.add_argument("--duration-limit", type=float, default=60.0)
    p.add_argument(
        "--target-seconds",
        type=float,
        default=10.0,
        help="the issue's target: every phone's vote counted within this many seconds",
    )
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    return p.parse_args(argv)


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
            "RECOVERYNET_TASKS": "database",
            "RECOVERYNET_LOG_LEVEL": "WARNING",
            "RECOVERYNET_SITE_URL": "http://127.0.0.1:8000",
            "PYTHONPATH": str(PROJECT_DIR / "src"),
        }
    )
    return env


def seed(args: argparse.Namespace) -> dict[str, Any]:
    """A network, an event, `voters` checked-in attendees with API tokens, a debate with its before
    round open, and a signed-in session for the chair's projector."""
    from allauth.mfa.totp.internal.auth import TOTP
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.contrib.sessions.backends.db import SessionStore
    from django.utils import timezone

    from recoverynet.accounts.models import ApiToken, User
    from recoverynet.core.tokens import digest as hash_token
    from recoverynet.events import services as event_services
    from recoverynet.events.models import Booking, BookingStatus, Delegate
    from recoverynet.feedback import services
    from recoverynet.network.services import network_create

    admin = User.objects.create_superuser(
        email="bench-admin@bench.example", password=uuid.uuid4().hex
    )
    TOTP.activate(admin, "JBSWY3DPEHPK3PXP")  # the chair's screen: a staff session needs MFA set up
    network = network_create(
        actor=admin,
        name="Bench Network",
        currency="GBP",
        tax_name="VAT",
        tax_rate=Decimal("0.20"),
        time_zone="Europe/London",
    )
    starts = (timezone.now() + datetime.timedelta(hours=1)).replace(microsecond=0)
    event = event_services.event_create(
        actor=admin,
        network=network,
        title="Bench critical debate",
        kind="critical_debate",
        starts_at=starts,
        ends_at=starts + datetime.timedelta(hours=5),
        venue_name="Hall",
        capacity=args.voters + 10,
        status="published",
        booking_mode="open",
        max_delegates_per_booking=args.voters + 10,
    )
    rate = event_services.rate_create(
        actor=admin, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    users = User.objects.bulk_create(
        [
            User(email=f"voter-{i:04d}@bench.example", password=make_password(None))
            for i in range(args.voters)
        ]
    )
    raws = [f"rn_bench{i:04d}{uuid.uuid4().hex}" for i in range(len(users))]
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user=u, name="bench", prefix=raw[:10], token_hash=hash_token(raw), scopes=["write"]
            )
            for u, raw in zip(users, raws, strict=True)
        ]
    )
    # The room checked in at the door (rows written directly: seeding is not what is measured).
    booking = Booking.objects.create(
        event=event,
        booker=admin,
        status=BookingStatus.CONFIRMED,
        currency="GBP",
        confirmed_at=timezone.now(),
    )
    Delegate.objects.bulk_create(
        [
            Delegate(
                booking=booking,
                name=u.email,
                email=u.email,
                rate=rate,
                rate_name="Free",
                net=0,
                tax_rate=0,
                tax=0,
                gross=0,
                checked_in_at=timezone.now(),
            )
            for u in users
        ]
    )
    debate = services.debate_create(
        actor=admin,
        target_kind="event",
        target_id=str(event.public_id),
        motion="Peer workers should be distinct roles",
    )
    services.round_open(actor=admin, debate=debate, kind="before")
    session = SessionStore()
    session["_auth_user_id"] = str(admin.pk)
    session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
    session["_auth_user_hash"] = admin.get_session_auth_hash()
    session.create()
    return {
        "debate": debate,
        "tokens": raws,
        "admin": admin,
        "cookie": f"{settings.SESSION_COOKIE_NAME}={session.session_key}",
    }


def vote_jobs(s: dict[str, Any], args: argparse.Namespace) -> tuple[list[list[Job]], list[str]]:
    path = f"/api/v1/debates/{s['debate'].public_id}/rounds/before/vote"
    jobs, finals = [], []
    for i, token in enumerate(s["tokens"]):
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        sequence = [CHOICES[(i + k) % 3] for k in range(args.changes + 1)]
        jobs.append(
            [
                Job("PUT", path, headers, json.dumps({"choice": c}).encode(), tag=f"{i}:{c}")
                for c in sequence
            ]
        )
        finals.append(sequence[-1])
    return jobs, finals


class Projector(threading.Thread):
    """Polls the projector's live fragment every `interval` seconds, as htmx does in the room."""

    def __init__(self, port: int, path: str, cookie: str, interval: float) -> None:
        super().__init__(daemon=True)
        self.port, self.path, self.cookie, self.interval = port, path, cookie, interval
        self.latencies: list[float] = []
        self.statuses: Counter[int] = Counter()
        self.stop_event = threading.Event()

    def run(self) -> None:
        conn = http.client.HTTPConnection(HOST, self.port, timeout=30)
        while not self.stop_event.is_set():
            t = time.perf_counter()
            conn.request("GET", self.path, headers={"Cookie": self.cookie})
            response = conn.getresponse()
            response.read()
            self.latencies.append(time.perf_counter() - t)
            self.statuses[response.status] += 1
            self.stop_event.wait(self.interval)
        conn.close()


def projector_queries(s: dict[str, Any]) -> int:
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(HTTP_HOST="127.0.0.1")
    client.force_login(s["admin"], backend="django.contrib.auth.backends.ModelBackend")
    url = f"/debates/{s['debate'].public_id}/projector/live/"
    client.get(url)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries.captured_queries)


def stream_check_queries(s: dict[str, Any]) -> int:
    """What a Server-Sent Events stream costs between changes: its state check, in-process."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from recoverynet.feedback import selectors

    selectors.debate_live_state(actor=s["admin"], debate=s["debate"])
    with CaptureQueriesContext(connection) as queries:
        selectors.debate_live_state(actor=s["admin"], debate=s["debate"])
    return len(queries.captured_queries)


def _lost_votes(s: dict[str, Any], accepted: dict[int, str]) -> tuple[int, int]:
    """Each voter's vote in the database against the last choice the server accepted from them."""
    from recoverynet.accounts.models import User
    from recoverynet.core import tokens
    from recoverynet.feedback.models import Debate, Vote
    from recoverynet.feedback.services.common import keyed_tag

    debate = Debate.objects.get(pk=s["debate"].pk)
    stored = dict(
        Vote.objects.filter(round__debate=debate, round__kind="before").values_list(
            "voter__token_hash", "choice"
        )
    )
    users = {u.email: u.pk for u in User.objects.filter(email__endswith="@bench.example")}
    lost = stale = 0
    for i, choice in accepted.items():
        pk = users[f"voter-{i:04d}@bench.example"]
        got = stored.get(tokens.digest("rv_" + keyed_tag("voter", debate.salt, pk)))
        if got is None:
            lost += 1
        elif got != choice:
            stale += 1
    return lost, stale


class LoadSampler(threading.Thread):
    """The machine's 1-minute load average once a second while the bench runs."""

    def __init__(self) -> None:
        super().__init__(daemon=True)
        self.samples: list[float] = []
        self.stop_event = threading.Event()

    def run(self) -> None:
        while not self.stop_event.is_set():
            self.samples.append(os.getloadavg()[0])
            self.stop_event.wait(1.0)


def target_lines(
    run: Any, voters: int, target: float, load_before: tuple[float, float, float], peak: float
) -> list[str]:
    """The verdict against the issue's target, first in the report: when was every phone's first
    vote counted (a 200 answer means the vote is committed), and every change after it."""
    t0 = min((r.started for r in run.results), default=0.0)
    first: dict[str, float] = {}
    last_end = 0.0
    for r in run.results:
        if r.status != 200:
            continue
        end = r.started + r.latency - t0
        voter = r.tag.split(":")[0]
        first[voter] = min(first.get(voter, end), end)
        last_end = max(last_end, end)
    all_first = max(first.values(), default=float("inf")) if len(first) == voters else float("inf")
    met = all_first <= target
    cores = os.cpu_count() or 1
    lines = [
        f"Target (issue #12): {voters} phones' votes counted within {target:g} s",
        "  every phone's first vote counted within  "
        + (
            f"{all_first:.2f} s"
            if all_first != float("inf")
            else f"never ({len(first)} of {voters})"
        )
        + f"   -> {'MET' if met else 'NOT MET'}",
        f"  every change counted within              {last_end:.2f} s",
        f"  load average before the run              {load_before[0]:.2f} / {load_before[1]:.2f} / "
        f"{load_before[2]:.2f} (1 / 5 / 15 min) on {cores} cores; peak during the run {peak:.2f}",
    ]
    if load_before[0] > cores * 0.5:
        lines.append(
            "  NOTE: the machine was busy before the run (1-minute load above half the cores): "
            "the figures understate; run it again on a quiet machine."
        )
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = bench_env(args)
    os.environ.update(env)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connections

    from recoverynet.feedback import selectors, services
    from recoverynet.feedback.models import Vote

    for conn in connections.all():
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    recreate_database(args.database_url)
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    t = time.perf_counter()
    s = seed(args)
    connections.close_all()
    print(f"seeded {args.voters} voters in {time.perf_counter() - t:.1f}s", flush=True)
    jobs, _finals = vote_jobs(s, args)
    shape = ServerSettings(workers=args.workers, threads=args.threads)
    load_before = os.getloadavg()
    sampler = LoadSampler()
    sampler.start()
    with (
        stop_on_signals(),
        GunicornServer(shape, env, PROJECT_DIR / "var" / "bench-debate.log") as server,
    ):
        warm = [Job("GET", "/api/v1/health", {}, b"") for _ in range(args.workers * 4)]
        warm_up(server.port, warm, concurrency=args.workers * 2)
        projector = Projector(
            server.port, f"/debates/{s['debate'].public_id}/projector/live/", s["cookie"], args.poll
        )
        projector.start()
        run = run_load(
            name="votes", port=server.port, jobs=jobs, duration_limit=args.duration_limit
        )
        projector.stop_event.set()
        projector.join(timeout=30)
        idle = Projector(server.port, projector.path, s["cookie"], 0.0)
        idle.start()
        time.sleep(3)
        idle.stop_event.set()
        idle.join(timeout=30)
    load_after = os.getloadavg()
    sampler.stop_event.set()
    sampler.join(timeout=5)
    peak = max(sampler.samples, default=load_after[0])

    # Which choice did the server last accept from each voter? (each client sends in order)
    accepted: dict[int, str] = {}
    for r in sorted(run.results, key=lambda r: r.started):
        if r.status == 200:
            voter, choice = r.tag.split(":")
            accepted[int(voter)] = choice
    services.round_close(actor=s["admin"], debate=s["debate"], kind="before")
    votes = Vote.objects.filter(round__debate=s["debate"])
    in_db = votes.count()
    distinct = votes.values("voter").distinct().count()
    result = selectors.debate_results(actor=s["admin"], debate=s["debate"]).round("before")
    expected = Counter(accepted.values())
    lost, changed_back = _lost_votes(s, accepted)
    double = in_db - distinct
    tally_ok = result.counts == {c: expected.get(c, 0) for c in CHOICES}
    cast_requests = sum(len(j) for j in jobs)
    lines = [
        f"recoverynet debate voting bench, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"  machine      {os.cpu_count()} cores; load average before {load_before[0]:.2f} / "
        f"after {load_after[0]:.2f} (1 min)",
        f"  server       gunicorn {shape.describe()}, PostgreSQL, Redis cache",
        f"  load         {args.voters} voters released together, each casting then changing "
        f"their vote {args.changes} times ({cast_requests} requests), one keep-alive connection each",
        "",
        *target_lines(run, args.voters, args.target_seconds, load_before, peak),
        "",
        "Votes",
        *load_summary(run),
        f"  votes/s (accepted)               {sum(1 for r in run.results if r.status == 200) / run.elapsed:.1f}",
        "",
        "Projector (htmx fragment, polled every "
        f"{args.poll:g} s during the vote, then back to back when idle)",
        f"  during the vote: {len(projector.latencies)} refreshes, p50 {ms(percentile(projector.latencies, 50))}, "
        f"max {ms(percentile(projector.latencies, 100))}, statuses {dict(projector.statuses)}",
        f"  idle: {len(idle.latencies)} refreshes, p50 {ms(percentile(idle.latencies, 50))}, "
        f"p99 {ms(percentile(idle.latencies, 99))}",
        f"  database queries per refresh      {projector_queries(s)} (measured in-process)",
        f"  with Server-Sent Events instead   {stream_check_queries(s)} queries per check, every "
        f"{s['debate'].poll_seconds} s per projector, and a render only when a round opens or "
        "closes (decision 0036)",
        "",
        "Checks",
        f"  voters whose vote was accepted    {len(accepted)}",
        f"  votes in the database             {in_db} (distinct voters {distinct})",
        f"  lost (accepted but missing)       {lost}",
        f"  stale (not the last accepted)     {changed_back}",
        f"  double counted (votes - voters)   {double}",
        f"  tally equals last accepted choices {'yes' if tally_ok else 'NO'}: {result.counts}",
    ]
    text = "\n".join(lines) + "\n"
    path = write_report("debate-votes", text)
    print(text)
    print(f"Report written to {path.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
