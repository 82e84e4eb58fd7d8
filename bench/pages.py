"""Read path at scale: the pages (and API lists) people hit most, on an installation made by
`recoverynet generate_scale` (issue #17).

    make scale-data SCALE=1.0      # once: the large installation in database recoverynet_scale
    make bench-pages               # BENCH_ARGS="--clients 50 --requests 20 --only events"
    make bench-pages BENCH_ARGS="--no-http --plans"   # queries and the slowest plan per page
    make bench-pages BENCH_ARGS="--only bookings --bookings-per-second 2"  # kept through a rush

For each page, two measurements:

1. in this process, through Django's test client against the same database: the queries the page
   runs (its count is what must stay constant as data grows) and, for each SELECT, PostgreSQL's
   plan: any sequential scan on a table of more than 10,000 rows is reported;
2. over HTTP on gunicorn: every client (a thread with one keep-alive connection) sends its
   requests, all released at once; requests/s, p50 and p95, and the status codes. The same load on
   a trivial view (`/api/v1/health`: one `SELECT 1`) gives the ratio.

Targets (issue #17): a public page at least 60 % of the trivial view's requests/s; a signed-in
page p95 under 200 ms at 50 clients. The report is printed and written to bench/results/; it is a
measurement, never a pass/fail test (exit status 0 whatever the figures).
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import (
    CpuSampler,
    GunicornServer,
    Job,
    LoadRun,
    ServerSettings,
    cpu_per_request,
    cpu_text,
    ms,
    run_load,
    stop_on_signals,
    warm_up,
    write_report,
)
from page_queries import BOUNDED, LARGE_TABLE_ROWS, Measured, measure_queries
from page_subjects import Page, Subjects, headers_for, scale_rows, subjects
from rush import BookingRush

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recoverynet_scale"
# Sessions made here must be valid on the server: both sides use this key (the session's auth hash
# is derived from it). A benchmark database only.
SECRET_KEY = "bench-pages-" + uuid.uuid4().hex
PUBLIC_TARGET = 0.60
SIGNED_IN_P95_TARGET = 0.200


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--clients", type=int, default=50, help="concurrent keep-alive clients")
    p.add_argument("--requests", type=int, default=20, help="requests per client per page")
    p.add_argument("--workers", type=int, default=4, help="gunicorn worker processes")
    p.add_argument("--threads", type=int, default=4, help="threads per gunicorn worker")
    p.add_argument(
        "--redis-url",
        default=os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/13"),
        help="the server's cache, as deployed (page cache, sessions); emptied before the run. "
        "Pass '' to measure without it",
    )
    p.add_argument(
        "--afresh",
        action="store_true",
        help="make every signed-in page afresh: the server keeps no person's pages "
        "(RECOVERYNET_PRIVATE_PAGE_CACHE_SECONDS=0), as on a first visit",
    )
    p.add_argument(
        "--only",
        default="",
        help="measure only pages whose name contains this, or one app's pages (colleges, "
        "feedback_and_outcomes, plans, engagements, webhooks; events for the rest)",
    )
    p.add_argument(
        "--people",
        type=int,
        default=1,
        help="the lead's HTML pages are asked for by this many different people with many "
        "bookings (client i is person i mod N), not all by one",
    )
    p.add_argument(
        "--bookings-per-second",
        type=float,
        default=0.0,
        help="while each page is measured, other people book places on another event at this "
        "rate (bench/rush.py): kept pages that do not show them should stay kept",
    )
    p.add_argument("--no-http", action="store_true", help="queries and plans only")
    p.add_argument(
        "--plans",
        action="store_true",
        help="also run EXPLAIN ANALYZE on each SELECT and print the slowest one's plan per page",
    )
    return p.parse_args(argv)


def setup_django(database_url: str, redis_url: str = "") -> None:
    """This process as the server is set up (the same Redis: a person's roles and the reference
    data come from it warm), but making every page afresh, so the queries counted are the page's
    own (the server keeps pages; this count must not be of a kept copy)."""
    os.environ["DATABASE_URL"] = database_url
    if redis_url:
        os.environ["REDIS_URL"] = redis_url
    os.environ["RECOVERYNET_PAGE_CACHE_SECONDS"] = "0"
    os.environ["RECOVERYNET_PRIVATE_PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_SECRET_KEY"] = SECRET_KEY
    # As the server: the rush's (bench/rush.py) e-mails are queued, not sent into this report.
    os.environ["RECOVERYNET_TASKS"] = "database"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverynet.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "127.0.0.1,testserver")
    import django

    django.setup()


def server_env(database_url: str, redis_url: str, afresh: bool = False) -> dict[str, str]:
    """The server as deployed: with Redis, public pages are served from the page cache to
    signed-out visitors and sessions are cached (without it, every page is made afresh)."""
    from booking import bench_env

    namespace = argparse.Namespace(database_url=database_url, redis_url=redis_url)
    env = bench_env(namespace)
    if not redis_url:
        env.pop("REDIS_URL", None)
    env["DJANGO_SECRET_KEY"] = SECRET_KEY
    if afresh:
        env["RECOVERYNET_PRIVATE_PAGE_CACHE_SECONDS"] = "0"
    return env


def empty_cache(redis_url: str) -> None:
    """Start from an empty cache (pages cached from other data must not be served). Only a Redis
    on this machine is emptied."""
    if not redis_url:
        return
    import redis

    client = redis.Redis.from_url(redis_url)
    host = client.connection_pool.connection_kwargs.get("host")
    if host not in ("127.0.0.1", "localhost", "::1"):
        raise SystemExit(f"Refusing to empty a Redis that is not on this machine: {redis_url}")
    client.flushdb()


def load(
    port: int, page: Page, s: Subjects, args: argparse.Namespace, sampler: CpuSampler
) -> LoadRun:
    job = Job("GET", page.path, headers_for(page, s), b"")
    people = [job]
    if page.who == "lead" and not page.api:  # --people: each client as one of them
        people = [Job("GET", page.path, {**job.headers, "Cookie": c}, b"") for c in s.people]
    # Four requests per worker thread before the clock starts, so that the workers have served the
    # page (a first request compiles templates and fills a process's memos); keep-alive
    # connections stay with one worker, so this makes it likely, not certain, for every thread.
    # And one for each person, whose first visit is made afresh.
    threads = args.workers * args.threads
    warm_up(port, [job] * 4 * threads + people, concurrency=threads)
    sampler.start()
    try:
        return run_load(
            name=page.name,
            port=port,
            jobs=[[people[i % len(people)]] * args.requests for i in range(args.clients)],
            duration_limit=120.0,
            parse_bodies=False,  # only the time and status count here (harness.run_load)
        )
    finally:
        sampler.stop()


def report(
    results: list[Measured],
    trivial: LoadRun | None,
    args: argparse.Namespace,
    trivial_cpu: tuple[float, float, float] | None = None,
) -> str:
    lines = [
        f"Page benchmark at scale — {time.strftime('%Y-%m-%d %H:%M:%S')}, load average "
        f"{args.load_before} before, {_load_average()} after (1, 5, 15 min), {os.cpu_count()} cores",
        f"{args.clients} clients x {args.requests} requests per page; gunicorn gthread "
        f"{args.workers} workers x {args.threads} threads; database {args.database_url}; "
        f"cache {args.redis_url or 'none (no page cache)'}; signed-in pages "
        + ("made afresh every time (--afresh)" if args.afresh else "kept for the person")
        + (f"; the lead's HTML pages asked for by {args.people} people" if args.people > 1 else "")
        + (
            f"; other people booking {args.bookings_per_second:g} places a second meanwhile"
            if args.bookings_per_second
            else ""
        ),
        f"scale: {args.rows}",
        "targets (issue #17): a public page >= 60 % of the trivial view's req/s; a signed-in page "
        "p95 < 200 ms at 50 clients; no sequential scan of a table over "
        f"{LARGE_TABLE_ROWS:,} rows (any page)",
    ]
    if trivial is not None:
        lines.append(
            f"trivial view /api/v1/health: {trivial.rps:,.0f} req/s, p50 {ms(trivial.percentile(50))}"
            f", p95 {ms(trivial.percentile(95))}; CPU ms per request (server/database/load "
            f"generator) {cpu_text(trivial_cpu)}"
        )
    lines.append("")
    lines.append(
        f"{'page':<26} {'who':<10} {'status':>6} {'queries':>7} {'req/s':>8} {'ratio':>6} "
        f"{'p50':>9} {'p95':>9}  {'target':<18} {'met?':<5} CPU ms/request (server/db/generator)"
    )
    met_count = 0
    for m in results:
        run = m.run
        rps = f"{run.rps:,.0f}" if run else "-"
        ratio = f"{run.rps / trivial.rps:.0%}" if run and trivial and trivial.rps else "-"
        p50 = ms(run.percentile(50)) if run else "-"
        p95 = ms(run.percentile(95)) if run else "-"
        target, met = _verdict(m, trivial)
        met_count += met == "yes"
        lines.append(
            f"{m.page.name:<26} {m.page.who:<10} {m.status:>6} {m.queries:>7} {rps:>8} {ratio:>6} "
            f"{p50:>9} {p95:>9}  {target:<18} {met:<5} {cpu_text(m.cpu_ms)}"
        )
        if m.rush is not None and m.rush.per_second:
            lines.append(f"{'':<28}{m.rush.summary()}")
        if run and set(run.status_counts()) - {200}:
            lines.append(f"{'':<28}statuses: {dict(run.status_counts())}")
        for scan in m.seq_scans:
            lines.append(f"{'':<28}sequential scan: {scan}")
        if args.plans and m.slowest:
            lines.append(f"{'':<28}slowest query {m.slowest[0]:.1f} ms; its plan:")
            lines.extend(f"{'':<30}{line}" for line in m.slowest[1].splitlines())
    judged = sum(1 for m in results if m.run is not None)
    lines += ["", f"met: {met_count} of {judged} pages measured over HTTP"]
    return "\n".join(lines) + "\n"


def _load_average() -> str:
    return " ".join(f"{x:.2f}" for x in os.getloadavg())


def _verdict(m: Measured, trivial: LoadRun | None) -> tuple[str, str]:
    """(target, met?) for one page: the throughput or latency target, and no sequential scan of a
    large table. "-" where it was not measured (--no-http)."""
    if m.page.who == "anyone":
        target = f">= {PUBLIC_TARGET:.0%} of trivial"
        measured = m.run is not None and trivial is not None and bool(trivial.rps)
        ok = measured and m.run.rps / trivial.rps >= PUBLIC_TARGET  # type: ignore[union-attr]
    else:
        target = f"p95 < {SIGNED_IN_P95_TARGET * 1000:.0f} ms"
        measured = m.run is not None
        ok = measured and m.run.percentile(95) < SIGNED_IN_P95_TARGET  # type: ignore[union-attr]
    if any(not scan.endswith(BOUNDED) for scan in m.seq_scans):
        return target, "NO (seq scan)"
    if not measured:
        return target, "-"
    return target, "yes" if ok else "NO"


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    args.load_before = _load_average()
    empty_cache(args.redis_url)  # nothing kept from another database
    setup_django(args.database_url, args.redis_url)
    args.rows = scale_rows()
    s = subjects(args.people)
    args.people = len(s.people)
    pages = [p for p in s.pages if args.only in p.name or args.only == p.group]
    results = [measure_queries(page, s, plans=args.plans) for page in pages]
    trivial, trivial_cpu = None, None
    if not args.no_http:
        empty_cache(args.redis_url)
        settings = ServerSettings(workers=args.workers, threads=args.threads)
        log = Path(__file__).resolve().parent / "results" / "pages-gunicorn.log"
        log.parent.mkdir(exist_ok=True)
        with (
            stop_on_signals(),
            GunicornServer(
                settings, server_env(args.database_url, args.redis_url, args.afresh), log
            ) as srv,
        ):
            assert srv.proc is not None
            health = Measured(Page("trivial", "/api/v1/health", "anyone", api=True), 1, 200, [])
            for m in [health, *results]:
                sampler = CpuSampler(srv.proc.pid)
                rush = args.bookings_per_second if m is not health else 0.0
                with BookingRush(rush) as m.rush:
                    m.run = load(srv.port, m.page, s, args, sampler)
                m.cpu_ms = cpu_per_request(sampler, len(m.run.answered))
            trivial, trivial_cpu = health.run, health.cpu_ms
    text = report(results, trivial, args, trivial_cpu)
    print(text)
    print(f"Written to {write_report('pages', text)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
