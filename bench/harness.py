"""Shared pieces of the HTTP benchmarks: a bench PostgreSQL database, a gunicorn server that is always
stopped, a bounded load generator (threads with keep-alive `http.client` connections, loopback
only) and the statistics printed in the reports.

Benchmarks print a report; they never pass or fail.
"""

from __future__ import annotations

import contextlib
import http.client
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

BENCH_DIR = Path(__file__).resolve().parent
PROJECT_DIR = BENCH_DIR.parent
RESULTS_DIR = BENCH_DIR / "results"
VENV_BIN = Path(sys.executable).parent
HOST = "127.0.0.1"  # loopback only, always

# --- Database ----------------------------------------------------------------------------------------


def recreate_database(database_url: str) -> None:
    """Drop and create the database named in `database_url` (PostgreSQL only)."""
    import psycopg
    from psycopg import sql

    parts = urlsplit(database_url)
    if parts.scheme not in {"postgres", "postgresql"}:
        raise SystemExit(f"The booking bench needs PostgreSQL, not {parts.scheme!r}.")
    if parts.hostname not in {"127.0.0.1", "localhost", "::1"}:
        raise SystemExit("The bench only runs against a database on this machine (loopback).")
    name = parts.path.lstrip("/")
    if not name or "bench" not in name:
        raise SystemExit(
            f"Refusing to drop {name!r}: the bench database's name must contain 'bench'."
        )
    admin_url = parts._replace(path="/postgres").geturl()
    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


# --- Server --------------------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((HOST, 0))
        return int(s.getsockname()[1])


@dataclass
class ServerSettings:
    workers: int = 4
    threads: int = 8
    worker_class: str = "gthread"
    pool_min: int | None = None  # per worker; default: one connection per thread
    pool_max: int | None = None
    preload: bool = True
    keep_alive: int = 10
    switch_interval: float | None = (
        None  # sys.setswitchinterval in each worker (None: Python's 0.005)
    )

    def describe(self) -> str:
        return (
            f"gunicorn --worker-class {self.worker_class} --workers {self.workers} --threads {self.threads}"
            f" --keep-alive {self.keep_alive}{' --preload' if self.preload else ''};"
            f"{f' GIL switch interval {self.switch_interval * 1000:g} ms;' if self.switch_interval else ''}"
            f" DATABASE_POOL_MIN={self.effective_pool_min} DATABASE_POOL_MAX={self.effective_pool_max} per worker"
        )

    @property
    def effective_pool_max(self) -> int:
        return self.pool_max if self.pool_max is not None else max(self.threads, 2)

    @property
    def effective_pool_min(self) -> int:
        return (
            self.pool_min
            if self.pool_min is not None
            else min(self.threads, self.effective_pool_max)
        )


class GunicornServer:
    """Starts gunicorn on a free loopback port and always stops it (context manager)."""

    def __init__(self, settings: ServerSettings, env: dict[str, str], log_path: Path) -> None:
        self.settings = settings
        self.env = env
        self.log_path = log_path
        self.port = free_port()
        self.proc: subprocess.Popen[bytes] | None = None
        self._log: Any = None

    @property
    def base(self) -> str:
        return f"http://{HOST}:{self.port}"

    def command(self) -> list[str]:
        s = self.settings
        cmd = [
            str(VENV_BIN / "gunicorn"),
            "recoverynet.wsgi",
            "--worker-class",
            s.worker_class,
            "--workers",
            str(s.workers),
            "--threads",
            str(s.threads),
            "--bind",
            f"{HOST}:{self.port}",
            "--keep-alive",
            str(s.keep_alive),
            "--timeout",
            "120",
            "--backlog",
            "2048",
            "--log-level",
            "warning",
            "--config",
            str(BENCH_DIR / "gunicorn_bench_conf.py"),
        ]
        if s.preload:
            cmd.append("--preload")
        return cmd

    def __enter__(self) -> GunicornServer:
        env = {
            **self.env,
            "DATABASE_POOL_MIN": str(self.settings.effective_pool_min),
            "DATABASE_POOL_MAX": str(self.settings.effective_pool_max),
        }
        if self.settings.switch_interval:
            env["BENCH_SWITCH_INTERVAL"] = str(self.settings.switch_interval)
        self.log_path.parent.mkdir(parents=True, exist_ok=True)
        self._log = self.log_path.open("ab")
        self.proc = subprocess.Popen(
            self.command(),
            env=env,
            cwd=PROJECT_DIR,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            self._wait_healthy()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def _wait_healthy(self, timeout: float = 60.0) -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self.proc is not None and self.proc.poll() is not None:
                raise RuntimeError(
                    f"gunicorn exited with {self.proc.returncode}; see {self.log_path}"
                )
            with contextlib.suppress(OSError, http.client.HTTPException):
                conn = http.client.HTTPConnection(HOST, self.port, timeout=2)
                conn.request("GET", "/api/v1/health")
                response = conn.getresponse()
                response.read()
                conn.close()
                if response.status == 200:
                    return
            time.sleep(0.2)
        raise RuntimeError(
            f"gunicorn did not become healthy in {timeout:.0f}s; see {self.log_path}"
        )

    def stop(self) -> None:
        proc, self.proc = self.proc, None
        if proc is not None and proc.poll() is None:
            proc.send_signal(signal.SIGTERM)  # graceful: the master stops its workers
            try:
                proc.wait(timeout=30)
            except subprocess.TimeoutExpired:
                # Only the process group this object started (start_new_session=True above).
                with contextlib.suppress(ProcessLookupError):
                    os.killpg(proc.pid, signal.SIGKILL)
                proc.wait(timeout=10)
        if self._log is not None:
            self._log.close()
            self._log = None


@contextlib.contextmanager
def stop_on_signals() -> Iterator[None]:
    """Turn SIGTERM/SIGHUP into KeyboardInterrupt so `with GunicornServer(...)` always cleans up."""

    def handler(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(f"signal {signum}")

    previous = {sig: signal.signal(sig, handler) for sig in (signal.SIGTERM, signal.SIGHUP)}
    try:
        yield
    finally:
        for sig, old in previous.items():
            signal.signal(sig, old)


# --- Load ----------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes
    tag: str = ""  # e.g. the Idempotency-Key, to match results to rows afterwards


@dataclass
class Result:
    client: int
    tag: str
    status: int  # 0 = no HTTP response (transport error), -1 = not sent (time limit)
    latency: float  # seconds, including a retry after a transport error
    started: float
    body: Any = None
    error: str = ""
    retries: int = 0


@dataclass
class LoadRun:
    name: str
    results: list[Result]
    elapsed: float  # from the start signal to the last response
    client_cpu: float  # CPU seconds this (load-generating) process used during the run
    clients: int
    planned: int

    @property
    def answered(self) -> list[Result]:
        return [r for r in self.results if r.status > 0]

    @property
    def rps(self) -> float:
        return len(self.answered) / self.elapsed if self.elapsed > 0 else 0.0

    def status_counts(self) -> Counter[int]:
        return Counter(r.status for r in self.results)

    def percentile(self, p: float) -> float:
        return percentile([r.latency for r in self.answered], p)


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100); 0.0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    rank = max(1, min(len(ordered), int(-(-p * len(ordered) // 100))))
    return ordered[rank - 1]


def run_load(
    *,
    name: str,
    port: int,
    jobs: list[list[Job]],
    duration_limit: float,
    request_timeout: float = 60.0,
    retry_transport_errors: int = 1,
    new_connection: bool = False,
    parse_bodies: bool = True,
) -> LoadRun:
    """One thread per client, each with its own keep-alive connection, all released at once.
    `new_connection`: every request on a connection of its own instead (`Connection: close`), as
    a rush from many browsers arrives: the TCP connect and a fresh server-side connection (a
    gunicorn thread's keep-alive slot) are part of each request's time.

    Bounded twice: every client sends only its own list of jobs, and no job starts after
    `duration_limit` seconds. A request that fails without an HTTP answer (connection reset,
    timeout) is sent again on a new connection with the same headers, so an Idempotency-Key makes
    the retry safe; retries are counted.

    `parse_bodies`: read each JSON answer into `Result.body` (the booking race checks them). A
    client thread parsing holds the GIL of this process, which every other client shares, and
    uses the cores the server runs on, so a benchmark that only times answers turns it off: a 34 KB
    JSON page took three times the load generator's CPU of a 66 KB HTML page and stretched every
    other client's measured wait (docs/performance.md, 5 December).
    """
    results: list[list[Result]] = [[] for _ in jobs]
    start_gate = threading.Barrier(len(jobs) + 1)
    holder: dict[str, float] = {}

    def client(index: int) -> None:
        conn: http.client.HTTPConnection | None = None
        out = results[index]
        try:
            start_gate.wait()
        except threading.BrokenBarrierError:
            return
        deadline = holder["deadline"]
        for job in jobs[index]:
            started = time.perf_counter()
            if started > deadline:
                out.append(Result(index, job.tag, -1, 0.0, started, error="not sent: time limit"))
                continue
            attempt, error = 0, ""
            while True:
                try:
                    if conn is None:
                        conn = http.client.HTTPConnection(HOST, port, timeout=request_timeout)
                    headers = (
                        {**job.headers, "Connection": "close"} if new_connection else job.headers
                    )
                    conn.request(job.method, job.path, body=job.body, headers=headers)
                    response = conn.getresponse()
                    raw = response.read()
                    status = response.status
                    if response.will_close or new_connection:
                        conn.close()
                        conn = None
                    break
                except (OSError, http.client.HTTPException) as exc:
                    error = f"{type(exc).__name__}: {exc}"
                    if conn is not None:
                        conn.close()
                    conn = None
                    if attempt >= retry_transport_errors:
                        status, raw = 0, b""
                        break
                    attempt += 1
            latency = time.perf_counter() - started
            body: Any = None
            if raw and parse_bodies:
                try:
                    body = json.loads(raw)
                except ValueError:
                    body = raw[:200].decode("utf-8", "replace")
            out.append(
                Result(
                    index,
                    job.tag,
                    status,
                    latency,
                    started,
                    body,
                    error if status == 0 else "",
                    attempt,
                )
            )
        if conn is not None:
            conn.close()

    old_stack = threading.stack_size(512 * 1024)
    try:
        threads = [
            threading.Thread(target=client, args=(i,), daemon=True) for i in range(len(jobs))
        ]
        for t in threads:
            t.start()
    finally:
        threading.stack_size(old_stack)
    cpu_before = _cpu()
    t0 = time.perf_counter()
    holder["deadline"] = t0 + duration_limit
    start_gate.wait()
    for t in threads:
        t.join(
            timeout=max(
                0.0,
                holder["deadline"]
                + request_timeout * (retry_transport_errors + 1)
                + 5
                - time.perf_counter(),
            )
        )
    flat = [r for per_client in results for r in per_client]
    answered = [r for r in flat if r.status > 0]
    end = max((r.started + r.latency for r in answered), default=t0)
    return LoadRun(
        name=name,
        results=flat,
        elapsed=max(end - t0, 1e-9),
        client_cpu=_cpu() - cpu_before,
        clients=len(jobs),
        planned=sum(len(j) for j in jobs),
    )


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def warm_up(port: int, requests: list[Job], concurrency: int) -> Counter[int]:
    """Send a few untimed requests so every worker has imported and connected before the race."""
    per_client: list[list[Job]] = [[] for _ in range(concurrency)]
    for i, job in enumerate(requests):
        per_client[i % concurrency].append(job)
    run = run_load(name="warm-up", port=port, jobs=[j for j in per_client if j], duration_limit=60)
    return run.status_counts()


# --- Reporting -----------------------------------------------------------------------------------------


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def load_summary(run: LoadRun) -> list[str]:
    counts = run.status_counts()
    server_errors = sum(n for s, n in counts.items() if s >= 500)
    client_errors = sum(n for s, n in counts.items() if 400 <= s < 500)
    transport = counts.get(0, 0)
    retries = sum(r.retries for r in run.results)
    codes = ", ".join(
        f"{'no answer' if s == 0 else 'not sent' if s == -1 else s}: {n}"
        for s, n in sorted(counts.items())
    )
    return [
        f"  clients (concurrent connections)  {run.clients}",
        f"  requests planned / answered      {run.planned} / {len(run.answered)}",
        f"  wall time                        {run.elapsed:.2f} s",
        f"  requests/s                       {run.rps:.1f}",
        f"  latency p50 / p95 / p99 / max    {ms(run.percentile(50))} / {ms(run.percentile(95))} / "
        f"{ms(run.percentile(99))} / {ms(run.percentile(100))}",
        f"  status codes                     {codes}",
        f"  server errors (5xx)              {server_errors}",
        f"  client errors (4xx)              {client_errors}",
        f"  no answer (transport errors)     {transport}   (retries sent: {retries})",
        f"  load generator CPU               {run.client_cpu:.1f} s ({run.client_cpu / run.elapsed * 100:.0f}% of one core)",
    ]


def write_report(stem: str, text: str) -> Path:
    RESULTS_DIR.mkdir(parents=True, exist_ok=True)
    path = RESULTS_DIR / f"{stem}-{time.strftime('%Y%m%d-%H%M%S')}.txt"
    path.write_text(text, encoding="utf-8")
    return path


# --- Where the CPU went ----------------------------------------------------------------------------------

_TICK = os.sysconf("SC_CLK_TCK")


def _proc_stat(pid: int) -> tuple[str, int, float] | None:
    """(command, parent pid, CPU seconds) of one process, from /proc."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    comm = raw[raw.index("(") + 1 : raw.rindex(")")]
    rest = raw[raw.rindex(")") + 2 :].split()
    return comm, int(rest[1]), (int(rest[11]) + int(rest[12])) / _TICK


class CpuSampler:
    """CPU seconds used by the gunicorn process tree, PostgreSQL and this process over a run,
    and how busy the whole machine was. Reads /proc; Linux only (prints nothing elsewhere)."""

    def __init__(self, gunicorn_pid: int) -> None:
        self.gunicorn_pid = gunicorn_pid
        self.before: dict[str, float] = {}
        self.after: dict[str, float] = {}

    def _sample(self) -> dict[str, float]:
        totals = {
            "gunicorn": 0.0,
            "postgres": 0.0,
            "bench client": 0.0,
            "machine busy": 0.0,
            "machine total": 0.0,
        }
        if not Path("/proc/stat").exists():
            return totals
        me = os.getpid()
        for entry in Path("/proc").iterdir():
            if not entry.name.isdigit():
                continue
            stat = _proc_stat(int(entry.name))
            if stat is None:
                continue
            comm, ppid, cpu = stat
            pid = int(entry.name)
            if pid == self.gunicorn_pid or ppid == self.gunicorn_pid:
                totals["gunicorn"] += cpu
            elif comm.startswith("postgres"):
                totals["postgres"] += cpu
            elif pid == me:
                totals["bench client"] += cpu
        fields = [int(x) for x in Path("/proc/stat").read_text().splitlines()[0].split()[1:]]
        idle = fields[3] + fields[4]
        totals["machine busy"] = (sum(fields) - idle) / _TICK
        totals["machine total"] = sum(fields) / _TICK
        return totals

    def start(self) -> None:
        self.before = self._sample()

    def stop(self) -> None:
        self.after = self._sample()

    def lines(self, elapsed: float, requests: int = 0) -> list[str]:
        if not self.before or not self.after:
            return []
        d = {k: self.after[k] - self.before[k] for k in self.before}
        cores = os.cpu_count() or 1
        out = []
        for key in ("gunicorn", "postgres", "bench client"):
            out.append(
                f"  CPU {key:<29}{d[key]:6.1f} s  ({d[key] / elapsed * 100:4.0f}% of one core)"
            )
        others = max(0.0, d["machine busy"] - d["gunicorn"] - d["postgres"] - d["bench client"])
        out.append(
            f"  CPU other processes              {others:6.1f} s  ({others / elapsed * 100:4.0f}% of one core)"
            + ("   <- NOISY MACHINE: figures understate" if others / elapsed > 0.15 else "")
        )
        if d["machine total"] > 0:
            out.append(
                f"  machine CPU busy                 {d['machine busy'] / d['machine total'] * 100:.0f}% of {cores} cores"
            )
        if requests:
            per = (d["gunicorn"] + d["postgres"]) / requests
            out.append(
                f"  server CPU per request           {per * 1000:.1f} ms (gunicorn + PostgreSQL)"
                f" -> at most {cores / per if per else 0:.0f} req/s on {cores} cores if nothing else limited it"
            )
        return out


def cpu_per_request(sampler: CpuSampler, answered: int) -> tuple[float, float, float] | None:
    """Milliseconds of CPU per answered request: the server, the database (every process named
    postgres on the machine, so other clusters' work counts too), the load generator (which runs
    on the same cores; its share grows with the size of the answers)."""
    if not sampler.before or not answered:
        return None
    used = {k: (sampler.after[k] - sampler.before[k]) * 1000 / answered for k in sampler.before}
    return used["gunicorn"], used["postgres"], used["bench client"]


def cpu_text(cpu: tuple[float, float, float] | None) -> str:
    return "-" if cpu is None else "{:.1f}/{:.1f}/{:.1f}".format(*cpu)


class PgActivitySampler:
    """Samples pg_stat_activity of the bench database every `interval` seconds during a run: how many
    backends wait for a lock, and whether a transaction is open while PostgreSQL waits for the
    application ("idle in transaction": the lock holder is running Python or waiting for CPU/GIL)."""

    def __init__(self, database_url: str, interval: float = 0.02) -> None:
        self.database_url = database_url
        self.interval = interval
        self.samples: list[tuple[int, int, int]] = []  # (lock waiters, idle in transaction, active)
        self._stop = threading.Event()
        self._thread: threading.Thread | None = None

    def _run(self) -> None:
        import psycopg

        name = urlsplit(self.database_url).path.lstrip("/")
        with psycopg.connect(self.database_url, autocommit=True) as conn:
            while not self._stop.is_set():
                rows = conn.execute(
                    "SELECT state, wait_event_type FROM pg_stat_activity"
                    " WHERE datname = %s AND pid <> pg_backend_pid() AND backend_type = 'client backend'",
                    [name],
                ).fetchall()
                waiting = sum(1 for state, wait in rows if state == "active" and wait == "Lock")
                idle_tx = sum(
                    1 for state, _ in rows if state and state.startswith("idle in transaction")
                )
                active = sum(1 for state, wait in rows if state == "active" and wait != "Lock")
                self.samples.append((waiting, idle_tx, active))
                self._stop.wait(self.interval)

    def start(self) -> None:
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def stop(self) -> None:
        self._stop.set()
        if self._thread is not None:
            self._thread.join(timeout=5)

    def lines(self) -> list[str]:
        n = len(self.samples)
        if not n:
            return []
        avg_wait = sum(s[0] for s in self.samples) / n
        queue = sum(1 for s in self.samples if s[0] > 0) / n
        idle_tx = sum(1 for s in self.samples if s[1] > 0) / n
        active = sum(1 for s in self.samples if s[2] > 0) / n
        return [
            f"  PostgreSQL sampled every {self.interval * 1000:.0f} ms ({n} samples):",
            f"    backends waiting for a lock      {avg_wait:.1f} on average; someone waiting in {queue * 100:.0f}% of samples",
            f"    transaction open, PG idle         {idle_tx * 100:.0f}% of samples  (the lock holder is in Python / waiting for CPU)",
            f"    a query executing (not waiting)   {active * 100:.0f}% of samples",
        ]


def machine_busy(interval: float = 1.0) -> float:
    """Fraction of all CPUs busy over `interval` seconds (0.0 where /proc/stat is missing)."""
    path = Path("/proc/stat")
    if not path.exists():
        return 0.0

    def read() -> tuple[int, int]:
        fields = [int(x) for x in path.read_text().splitlines()[0].split()[1:]]
        return sum(fields), fields[3] + fields[4]

    total0, idle0 = read()
    time.sleep(interval)
    total1, idle1 = read()
    return 1 - (idle1 - idle0) / max(total1 - total0, 1)


def wait_for_quiet(max_wait: float, threshold: float = 0.15) -> str:
    """Wait (at most `max_wait` s) until the machine is nearly idle, so other work does not eat into the
    figures. Returns a note for the report."""
    deadline = time.monotonic() + max_wait
    busy = machine_busy()
    waited = 0.0
    while busy > threshold and time.monotonic() < deadline:
        time.sleep(2)
        waited += 3
        busy = machine_busy()
    state = "quiet" if busy <= threshold else "STILL BUSY"
    return f"machine {state} before the run ({busy * 100:.0f}% busy{f', waited {waited:.0f}s' if waited else ''})"
