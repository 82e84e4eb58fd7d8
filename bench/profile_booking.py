"""Where a booking's time goes: one process, no HTTP server, no concurrency.

    .venv/bin/python bench/profile_booking.py [--bookings 200] [--capacity 60] [--top 35]

Seeds a fresh bench database (`<name>_profile`) like bench/booking.py, then sends bookings one after
another through Django's full request path (`django.test.Client`: middleware, ninja, services) and
reports, separately for bookings that are confirmed and bookings that join the waiting list:

- wall time per request, and the part spent holding the event's row lock (from the
  `SELECT … FOR UPDATE` on the event to COMMIT) — the lock serialises every booking for one event,
  so 1 / lock-hold time is the ceiling on booking throughput for a single event, however many
  workers there are;
- queries per request and time in SQL inside and outside the lock, with each query's shape;
- a cProfile of the whole run (top functions by cumulative and by own time).

Written to bench/results/profile-booking-<timestamp>.txt as well. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import re
import statistics
import sys
import time
import uuid
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from booking import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, bench_env, seed
from harness import PROJECT_DIR, recreate_database, write_report


@dataclass
class Query:
    sql: str
    start: float
    end: float


@dataclass
class RequestTrace:
    status: str = ""
    wall: float = 0.0
    queries: list[Query] = field(default_factory=list)
    lock_start: float | None = None
    commit_end: float | None = None
    steps: dict[str, float] = field(default_factory=lambda: defaultdict(float))

    @property
    def lock_hold(self) -> float:
        if self.lock_start is None or self.commit_end is None:
            return 0.0
        return self.commit_end - self.lock_start

    def sql_time(self, inside: bool | None = None) -> float:
        total = 0.0
        for q in self.queries:
            in_lock = (
                self.lock_start is not None
                and self.commit_end is not None
                and self.lock_start <= q.start <= self.commit_end
            )
            if inside is None or inside == in_lock:
                total += q.end - q.start
        return total

    def count(self, inside: bool | None = None) -> int:
        return sum(
            1
            for q in self.queries
            if inside is None
            or inside
            == (
                self.lock_start is not None
                and self.commit_end is not None
                and self.lock_start <= q.start <= self.commit_end
            )
        )


_LOCK_RE = re.compile(r'FROM "events_event".*FOR UPDATE', re.S)


def shape(sql: str) -> str:
    """A query's shape: verb and tables, literals dropped."""
    sql = re.sub(r"\s+", " ", sql).strip()
    verb = sql.split(" ", 1)[0].upper()
    tables = re.findall(r'(?:FROM|INTO|UPDATE|JOIN) "([a-z_]+)"', sql)
    suffix = " FOR UPDATE" if "FOR UPDATE" in sql else ""
    seen: list[str] = []
    for t in tables:
        if t not in seen:
            seen.append(t)
    return f"{verb} {', '.join(seen)}{suffix}"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--bookings", type=int, default=200)
    p.add_argument("--capacity", type=int, default=60)
    p.add_argument("--top", type=int, default=35)
    p.add_argument(
        "--database-url",
        default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL) + "_profile",
    )
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    args = p.parse_args(argv)
    args.clients = args.bookings
    env = bench_env(args)
    env["DJANGO_ALLOWED_HOSTS"] = "127.0.0.1,testserver"
    os.environ.update(env)

    import django

    recreate_database(args.database_url)
    django.setup()
    from django.core.management import call_command
    from django.db import connection, connections
    from django.test import Client

    call_command("migrate", verbosity=0, interactive=False)
    s = seed(args, uuid.uuid4().hex[:8])

    traces: list[RequestTrace] = []
    current: dict[str, RequestTrace] = {}

    def wrapper(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            t1 = time.perf_counter()
            trace = current.get("t")
            if trace is not None:
                trace.queries.append(Query(sql, t0, t1))
                if trace.lock_start is None and _LOCK_RE.search(sql):
                    trace.lock_start = t0

    # Time COMMIT too (it does not go through execute_wrapper); bench-only instrumentation.
    wrapper_class = type(connections["default"])
    original_commit = wrapper_class._commit

    def timed_commit(self: Any) -> Any:
        t0 = time.perf_counter()
        try:
            return original_commit(self)
        finally:
            t1 = time.perf_counter()
            trace = current.get("t")
            if trace is not None:
                trace.queries.append(Query("COMMIT", t0, t1))
                if trace.lock_start is not None and trace.commit_end is None:
                    trace.commit_end = t1

    wrapper_class._commit = timed_commit  # type: ignore[method-assign]

    # Two identical events: the first is timed without a profiler, the second runs under cProfile.
    from recoverynet.accounts.models import User
    from recoverynet.events import services as event_services
    from recoverynet.events.models import Event

    first = Event.objects.get(pk=s.event_id)
    admin = User.objects.get(email="bench-admin@bench.example")
    second = event_services.event_create(
        actor=admin,
        network=first.network,
        title="Bench workshop (profiled)",
        kind="workshop",
        starts_at=first.starts_at,
        ends_at=first.ends_at,
        venue_name="Hall",
        capacity=args.capacity,
        status="published",
        booking_mode="open",
    )
    second_rate = event_services.rate_create(
        actor=admin, event=second, kind="non_member", name="Standard", net_amount=Decimal("150.00")
    )

    # Time the steps of the locked section (bench-only wrappers around module attributes; the
    # application code is unchanged). Only time spent while the event lock is held is counted.
    from recoverynet.events.services import booking_mail as mail_module
    from recoverynet.events.services import bookings as bookings_module
    from recoverynet.events.services import invoicing as invoicing_module
    from recoverynet.events.services import waiting_list as waiting_list_module
    from recoverynet.network.models import Network

    def timed(label: str, fn: Any) -> Any:
        def inner(*a: Any, **kw: Any) -> Any:
            trace = current.get("t")
            t0 = time.perf_counter()
            try:
                return fn(*a, **kw)
            finally:
                if trace is not None and trace.lock_start is not None and trace.commit_end is None:
                    trace.steps[label] += time.perf_counter() - t0

        return inner

    for module, name, label in (
        (bookings_module, "booking_check_open", "check bookable"),
        (bookings_module, "_validate_delegates", "validate delegates (reads rates)"),
        (waiting_list_module, "_expire_offers", "expire stale offers (SELECT)"),
        (waiting_list_module, "free_places", "count held places"),
        (Network, "tax_rate_on", "tax rate lookup"),
        (
            invoicing_module,
            "invoice_issue",
            "issue invoice (sequence lock, invoice, lines, audit, e-mail)",
        ),
        (mail_module, "booking_confirmed", "e-mail: booking confirmed (outbox INSERT)"),
        (mail_module, "booking_waiting", "e-mail: waiting list (outbox INSERT)"),
        (mail_module, "invoice_issued", "e-mail: invoice (outbox INSERT)"),
    ):
        setattr(module, name, timed(label, getattr(module, name)))

    client = Client()  # one handler (middleware loaded once), as in a gunicorn worker
    profiler = cProfile.Profile()

    def book(i: int, token: str, event_public_id: Any, rate_id: int, key: str) -> Any:
        body = {
            "organisation": None,
            "purchase_order": "",
            "delegates": [{"name": f"D {i}", "email": f"d{i}@bench.example", "rate": rate_id}],
        }
        return client.post(
            f"/api/v1/events/{event_public_id}/bookings",
            data=json.dumps(body),
            content_type="application/json",
            HTTP_AUTHORIZATION=f"Bearer {token}",
            HTTP_IDEMPOTENCY_KEY=key,
        )

    with connection.execute_wrapper(wrapper):
        # A few untimed requests so imports and first-use caches are not in the figures.
        for _ in range(3):
            client.get(f"/api/v1/events/{s.event_public_id}")
            client.get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {s.warm_token}")
        t_all = time.perf_counter()
        for i, token in enumerate(s.tokens):
            trace = RequestTrace()
            current["t"] = trace
            t0 = time.perf_counter()
            response = book(i, token, s.event_public_id, s.rate_id, f"t-{i}")
            trace.wall = time.perf_counter() - t0
            current.pop("t")
            trace.status = (
                response.json().get("status", str(response.status_code))
                if response.status_code < 500
                else "5xx"
            )
            traces.append(trace)
        total = time.perf_counter() - t_all
    wrapper_class._commit = original_commit  # type: ignore[method-assign]

    t_prof = time.perf_counter()
    for i, token in enumerate(s.tokens):
        profiler.enable()
        book(i, token, second.public_id, second_rate.pk, f"p-{i}")
        profiler.disable()
    total_prof = time.perf_counter() - t_prof

    out: list[str] = [
        f"recoverynet booking profile, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        f"  {len(traces)} bookings one after another through django.test.Client (full middleware + ninja), capacity {args.capacity}",
        f"  timed pass (no profiler): {total:.2f}s = {len(traces) / total:.1f} bookings/s for one client, one after another",
        f"  profiled pass (cProfile, second identical event): {total_prof:.2f}s; cProfile roughly doubles Python time",
        "",
    ]
    groups: dict[str, list[RequestTrace]] = defaultdict(list)
    for t in traces:
        groups[t.status].append(t)
    for status, ts in groups.items():
        ts = ts[3:] if len(ts) > 10 else ts  # drop the first few (cold caches)
        med = statistics.median
        out += [
            f"== {status}: {len(ts)} requests (medians)",
            f"  wall per request                 {med(t.wall for t in ts) * 1000:.1f} ms",
            f"  holding the event lock           {med(t.lock_hold for t in ts) * 1000:.1f} ms"
            f"  -> at most {1 / max(med(t.lock_hold for t in ts), 1e-9):.0f} such bookings/s on one event",
            f"  queries: total / inside lock     {med(t.count() for t in ts):.0f} / {med(t.count(True) for t in ts):.0f}",
            f"  SQL time: total / inside lock    {med(t.sql_time() for t in ts) * 1000:.1f} ms / {med(t.sql_time(True) for t in ts) * 1000:.1f} ms",
            f"  Python inside lock (hold - SQL)  {med(t.lock_hold - t.sql_time(True) for t in ts) * 1000:.1f} ms",
        ]
        hold = med(t.lock_hold for t in ts)
        labels = sorted(
            {k for t in ts for k in t.steps}, key=lambda k: -med(t.steps.get(k, 0.0) for t in ts)
        )
        out.append(
            "  inside the lock, by step (median ms, wall incl. its SQL; the last two overlap the others):"
        )
        for label in labels:
            v = med(t.steps.get(label, 0.0) for t in ts)
            out.append(f"    {v * 1000:6.2f}  {v / hold * 100:4.0f}%  {label}")
        named = med(
            sum(
                v for k, v in t.steps.items() if not k.startswith(("audit", "all e-mail", "e-mail"))
            )
            for t in ts
        )
        notify_direct = med(
            sum(v for k, v in t.steps.items() if k.startswith("e-mail")) for t in ts
        )
        rest = hold - named - notify_direct
        out.append(
            f"    {rest * 1000:6.2f}  {rest / hold * 100:4.0f}%  the rest: SELECT FOR UPDATE, INSERT booking + delegates, audit, re-read booking with delegates, waiting check, COMMIT"
        )
        out.append(
            "  one request's queries in order (ms of SQL, + ms of Python before it; * = inside the lock):"
        )
        sample = ts[len(ts) // 2]
        prev_end = None
        for q in sample.queries:
            inside = (
                sample.lock_start is not None
                and sample.commit_end is not None
                and sample.lock_start <= q.start <= sample.commit_end
            )
            gap = (
                f"+{(q.start - prev_end) * 1000:5.2f} py" if prev_end is not None else "          "
            )
            out.append(
                f"    {'*' if inside else ' '} {(q.end - q.start) * 1000:5.2f}  {gap}  {shape(q.sql)}"
            )
            prev_end = q.end
        out.append("")

    for sort_key, label in (("cumulative", "cumulative"), ("tottime", "own time")):
        buf = io.StringIO()
        stats = pstats.Stats(profiler, stream=buf)
        stats.strip_dirs().sort_stats(sort_key).print_stats(args.top)
        out += [f"== cProfile, top {args.top} by {label}", *buf.getvalue().splitlines()[4:], ""]

    out += [
        f"== cProfile, recoverynet's own functions by cumulative time (per booking, ms; {len(s.tokens)} bookings)"
    ]
    stats = pstats.Stats(profiler)
    rows = []
    for (filename, line, func), (_cc, _nc, _tt, ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        marker = "/src/recoverynet/"
        if marker in filename:
            rows.append((ct, f"{filename.split(marker, 1)[1]}:{line}({func})"))
    for ct, name in sorted(rows, reverse=True)[: args.top]:
        out.append(f"  {ct / len(s.tokens) * 1000:7.2f}  {name}")
    out.append("")
    text = "\n".join(out) + "\n"
    path_out = write_report("profile-booking", text)
    print(text)
    print(f"Written to {path_out.relative_to(PROJECT_DIR)}")

    for conn in connections.all():
        if hasattr(conn, "close_pool"):
            conn.close_pool()
    return 0


if __name__ == "__main__":
    sys.exit(main())
