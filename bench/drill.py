"""Failover drill (`make drill`, not in CI): the booking race through a real load balancer while one
web server and one mail worker are killed half-way.

    .venv/bin/python bench/drill.py [--clients 150] [--requests-per-client 4] [--capacity 60]

On loopback: a fresh PostgreSQL database (its name contains "bench"), two gunicorn servers behind
haproxy (health-checked on /api/v1/health, a request whose connection failed is sent to the other
server), two `db_worker --queue-name mail` processes, the scheduler (database mode, so it queues the
outbox sweeper on the mail queue), and an SMTP sink that records every Message-ID it receives.

When half the booking requests have reached the database, one gunicorn server (its whole process
group) and one mail worker get SIGKILL — no chance to finish anything. Clients behave like the
bench's: a request without an HTTP answer is sent once more with the same Idempotency-Key.

Afterwards it waits for the outbox to drain and reports: oversold, lost and duplicated bookings,
invoice gaps, every e-mail sent exactly once (by Message-ID), how long after the kill requests
through the balancer still failed, and tasks the killed worker left behind. A report, not a test:
written to bench/results/drill-<timestamp>.txt.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import booking
from harness import (
    HOST,
    PROJECT_DIR,
    RESULTS_DIR,
    GunicornServer,
    LoadRun,
    ServerSettings,
    free_port,
    load_summary,
    recreate_database,
    run_load,
    stop_on_signals,
    write_report,
)

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recoverynet_drill_bench"


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("--clients", type=int, default=150)
    p.add_argument("--requests-per-client", type=int, default=4)
    p.add_argument("--capacity", type=int, default=60)
    p.add_argument("--workers", type=int, default=2, help="gunicorn workers per server")
    p.add_argument("--threads", type=int, default=2, help="threads per gunicorn worker")
    p.add_argument("--mail-wait", type=float, default=180.0, help="seconds to wait for the outbox")
    p.add_argument(
        "--database-url", default=os.environ.get("DRILL_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument(
        "--redis-url", default=os.environ.get("DRILL_REDIS_URL", "redis://127.0.0.1:6379/13")
    )
    return p.parse_args(argv)


# --- An SMTP sink that keeps every Message-ID ------------------------------------------------------


class Sink:
    def __init__(self) -> None:
        self.port = free_port()
        self.message_ids: Counter[str] = Counter()
        self._loop = asyncio.new_event_loop()
        self._ready = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def start(self) -> Sink:
        self._thread.start()
        self._ready.wait(10)
        return self

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._session, HOST, self.port, limit=2**22)
        )
        self._ready.set()
        with contextlib.suppress(RuntimeError):
            self._loop.run_forever()
        server.close()

    def stop(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)

    async def _session(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        writer.write(b"220 drill ESMTP\r\n")
        try:
            while line := await reader.readline():
                command = line[:4].upper()
                if command in (b"EHLO", b"HELO"):
                    writer.write(b"250-drill\r\n250 8BITMIME\r\n")
                elif command == b"DATA":
                    writer.write(b"354 go ahead\r\n")
                    await writer.drain()
                    data = await reader.readuntil(b"\r\n.\r\n")
                    head = data.split(b"\r\n\r\n", 1)[0].decode("utf-8", "replace")
                    for header in head.split("\r\n"):
                        if header.lower().startswith("message-id:"):
                            self.message_ids[header.split(":", 1)[1].strip()] += 1
                    writer.write(b"250 queued\r\n")
                elif command == b"QUIT":
                    writer.write(b"221 bye\r\n")
                    await writer.drain()
                    break
                else:
                    writer.write(b"250 OK\r\n")
                await writer.drain()
        except (ConnectionError, asyncio.IncompleteReadError):
            pass
        finally:
            writer.close()


# --- haproxy ---------------------------------------------------------------------------------------


def haproxy_config(port: int, backends: list[int], per_server: int) -> str:
    """Each server gets at most `per_server` requests at once (its gunicorn threads); the rest wait
    in haproxy's queue, so a busy server still answers its health check in time."""
    servers = "\n".join(
        f"    server web{i} {HOST}:{p} check inter 1s fall 2 rise 1 maxconn {per_server}"
        " observe layer4 error-limit 1 on-error mark-down"
        for i, p in enumerate(backends, 1)
    )
    return f"""global
    maxconn 4096
    log stderr format raw daemon
defaults
    mode http
    log global
    option httplog
    option dontlog-normal
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    timeout check 3s
    timeout queue 60s
    option forwardfor
    option http-keep-alive
    retries 3
    option redispatch 1
    retry-on conn-failure empty-response
frontend drill
    bind {HOST}:{port}
    default_backend web
backend web
    balance roundrobin
    option httpchk GET /api/v1/health
{servers}
"""


class Process:
    """A child process in its own session, always stopped (SIGTERM, then SIGKILL) on exit."""

    def __init__(self, name: str, argv: list[str], env: dict[str, str], log: Path) -> None:
        self.name, self.log_path = name, log
        self._log = log.open("ab")
        self.proc = subprocess.Popen(
            argv,
            env=env,
            cwd=PROJECT_DIR,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(self.proc.pid, signal.SIGKILL)

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                self.kill()
                self.proc.wait(timeout=10)
        self._log.close()


def wait_for_port(port: int, timeout: float = 20.0) -> None:
    import socket

    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(OSError), socket.create_connection((HOST, port), timeout=1):
            return
        time.sleep(0.1)
    raise RuntimeError(f"nothing listening on {port}")


# --- The drill ------------------------------------------------------------------------------------------


def bookings_written(event_id: int) -> int:
    from recoverynet.events.models import Booking

    return Booking.objects.filter(event_id=event_id).count()


def run(args: argparse.Namespace) -> list[str]:
    import django

    haproxy = shutil.which("haproxy")
    if not haproxy:
        raise SystemExit("haproxy is needed: apt-get install -y haproxy")
    env = booking.bench_env(args)
    sink = Sink().start()
    env.update(
        EMAIL_BACKEND="django.core.mail.backends.smtp.EmailBackend",
        EMAIL_HOST=HOST,
        EMAIL_PORT=str(sink.port),
        EMAIL_USE_TLS="0",
        DJANGO_BEHIND_PROXY="1",
    )
    os.environ.update(env)
    django.setup()
    from django.core.management import call_command
    from django.db import connections

    recreate_database(args.database_url)
    call_command("migrate", verbosity=0, interactive=False)
    run_id = uuid.uuid4().hex[:8]
    seed = booking.seed(args, run_id)
    connections.close_all()
    stamp = time.strftime("%Y%m%d-%H%M%S")
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    log = lambda name: RESULTS_DIR / f"drill-{stamp}-{name}.log"  # noqa: E731

    shape = ServerSettings(workers=args.workers, threads=args.threads, worker_class="gthread")
    servers = [GunicornServer(shape, env, log(f"web{i}")) for i in (1, 2)]
    children: list[Process] = []
    lines: list[str] = []
    try:
        for server in servers:
            server.__enter__()
        port = free_port()
        config = RESULTS_DIR / f"drill-{stamp}-haproxy.cfg"
        config.write_text(
            haproxy_config(port, [s.port for s in servers], args.workers * args.threads)
        )
        children.append(
            Process("haproxy", [haproxy, "-f", str(config), "-db"], env, log("haproxy"))
        )
        wait_for_port(port)
        rn = [sys.executable, "-m", "recoverynet"]
        mail = [
            Process(
                f"mail{i}",
                [
                    *rn,
                    "db_worker",
                    "--queue-name",
                    "mail",
                    "--no-reload",
                    "--interval",
                    "0.2",
                    "--worker-id",
                    f"drill-mail-{i}",
                ],
                env,
                log(f"mail{i}"),
            )
            for i in (1, 2)
        ]
        children += mail
        children.append(
            Process("scheduler", [*rn, "scheduler", "--interval", "3"], env, log("scheduler"))
        )
        time.sleep(2)

        total = args.clients * args.requests_per_client
        killed: dict[str, float] = {}

        def killer() -> None:
            while bookings_written(seed.event_id) < total // 2:
                time.sleep(0.02)
            killed["at"] = time.perf_counter()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(servers[0].proc.pid, signal.SIGKILL)  # type: ignore[union-attr]
            mail[0].kill()
            connections.close_all()

        watcher = threading.Thread(target=killer, daemon=True)
        watcher.start()
        race: LoadRun = run_load(
            name="drill",
            port=port,
            jobs=booking.booking_jobs(seed, args, run_id),
            duration_limit=120,
            request_timeout=30,
        )
        watcher.join(timeout=5)
        connections.close_all()
        lines += report_race(args, race, killed.get("at"))
        checks = booking.check_database(seed, race)
        lines += report_bookings(checks)
        lines += report_mail(sink, args.mail_wait)
    finally:
        for child in reversed(children):
            child.stop()
        for server in servers:
            server.stop()
        sink.stop()
        connections.close_all()
    return lines


def report_race(args: argparse.Namespace, race: LoadRun, kill_at: float | None) -> list[str]:
    lines = [
        f"  race: {args.clients} clients x {args.requests_per_client} bookings for {args.capacity} places,"
        " through haproxy to two gunicorn servers",
        *load_summary(race),
    ]
    codes = Counter(
        f"{r.status} {r.body.get('code', '?')}"
        for r in race.results
        if r.status >= 400 and isinstance(r.body, dict)
    )
    if codes:
        lines.append(f"  error codes                       {dict(codes)}")
    if kill_at is None:
        return [
            *lines,
            "  THE KILL DID NOT HAPPEN (fewer than half the bookings reached the database)",
        ]
    failed_after = [
        r
        for r in race.results
        if (r.status == 0 or r.status >= 500) and r.started + r.latency >= kill_at
    ]
    retried = [r for r in race.results if r.retries and r.started + r.latency >= kill_at]
    last_failure = max((r.started + r.latency for r in failed_after), default=kill_at)
    lines += [
        "  killed half-way: web server 1 (SIGKILL, whole process group) and mail worker 1 (SIGKILL)",
        f"  requests failing after the kill   {len(failed_after)} (5xx or no answer, after one client retry)",
        f"  requests retried by a client       {len(retried)} (same Idempotency-Key)",
        f"  time until the survivor took all   {last_failure - kill_at:.2f} s (kill to the last failed request)",
    ]
    return lines


def report_bookings(c: dict[str, Any]) -> list[str]:
    return [
        f"  confirmed places                   {c['confirmed_places']} of {c['capacity']}; waiting {c['waiting']}",
        f"  OVERSOLD (must be 0)               {c['oversold']}",
        f"  LOST (must be 0)                   {c['lost']}",
        f"  DUPLICATED (same key twice, 0)     {c['duplicate_keys']}",
        f"  status differs client vs database  {len(c['status_mismatch'])}",
        f"  invoice gaps / duplicates          {c['invoice_gaps']} / {c['invoice_duplicates']};"
        f" bookings with two invoices {c['bookings_with_two_invoices']}",
    ]


def report_mail(sink: Sink, wait: float) -> list[str]:
    from django_tasks_db.models import DBTaskResult

    from recoverynet.core.models import OutboxMessage

    started = time.monotonic()
    while time.monotonic() - started < wait:
        if not OutboxMessage.objects.exclude(status="sent").exists():
            break
        time.sleep(1)
    drained = time.monotonic() - started
    rows = dict(OutboxMessage.objects.values_list("message_id", "status"))
    statuses = Counter(rows.values())
    received = sink.message_ids
    missing = set(rows) - set(received)
    twice = {k: n for k, n in received.items() if n > 1}
    strangers = set(received) - set(rows)
    tasks = Counter(DBTaskResult.objects.values_list("status", flat=True))
    return [
        f"  outbox messages                    {len(rows)} {dict(statuses)} (drained {drained:.0f} s after the race)",
        f"  e-mails received by the SMTP sink  {sum(received.values())} ({len(received)} distinct Message-IDs)",
        f"  NEVER SENT (must be 0)             {len(missing)}",
        f"  SENT MORE THAN ONCE (must be 0)    {len(twice)}{'  e.g. ' + str(list(twice)[:3]) if twice else ''}",
        f"  unknown Message-IDs                {len(strangers)}",
        f"  task rows                          {dict(tasks)}"
        " (RUNNING: claimed by the killed worker, never finished; its messages went out via the sweeper)",
    ]


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    with stop_on_signals():
        body = run(args)
    text = (
        "\n".join([f"recoverynet failover drill, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}", *body])
        + "\n"
    )
    path = write_report("drill", text)
    print("\n" + text)
    print(f"Report written to {path.relative_to(PROJECT_DIR)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
