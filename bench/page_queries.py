"""The queries a page runs, and PostgreSQL's plans for them (bench/pages.py): the count that must
stay constant as data grows, and any sequential scan of a large table."""

from __future__ import annotations

from dataclasses import dataclass

from harness import LoadRun
from page_subjects import Page, Subjects, headers_for
from rush import BookingRush

LARGE_TABLE_ROWS = 10_000


@dataclass
class Measured:
    page: Page
    queries: int
    status: int
    seq_scans: list[str]
    run: LoadRun | None = None
    cpu_ms: tuple[float, float, float] | None = None  # per request: gunicorn, PostgreSQL, generator
    slowest: tuple[float, str] | None = None  # (ms, plan) of the slowest SELECT, with --plans
    rush: BookingRush | None = None  # bookings made elsewhere meanwhile (--bookings-per-second)


def measure_queries(page: Page, s: Subjects, plans: bool = False) -> Measured:
    """The page's queries through the test client, and the plans of its SELECTs."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    client = Client(headers={k: v for k, v in headers_for(page, s).items() if k != "Host"})
    client.get(page.path, SERVER_NAME="127.0.0.1")  # a first use of a token or session is recorded
    with CaptureQueriesContext(connection) as captured:
        response = client.get(page.path, SERVER_NAME="127.0.0.1")
    measured = Measured(
        page, len(captured), response.status_code, seq_scans(captured.captured_queries)
    )
    if plans:
        measured.slowest = slowest_plan(captured.captured_queries)
    return measured


def slowest_plan(queries: list[dict[str, str]]) -> tuple[float, str] | None:
    """EXPLAIN ANALYZE of each SELECT: the slowest one's time and plan."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return None
    slowest: tuple[float, str] | None = None
    with connection.cursor() as cursor:
        for query in queries:
            if not query["sql"].lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE) " + query["sql"])
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(plan.rsplit("Execution Time:", 1)[1].split()[0])
            if slowest is None or took > slowest[0]:
                slowest = (took, plan)
    return slowest


def seq_scans(queries: list[dict[str, str]]) -> list[str]:
    """Tables over LARGE_TABLE_ROWS rows that a SELECT reads by sequential scan, from EXPLAIN
    ANALYZE. A scan under a LIMIT that stopped within a quarter of the table is named "bounded"
    (the capped count of a common word: it stops after COUNT_CAP matches, so the rows it reads do
    not grow with the table) and not counted against the target; any other is."""
    from django.db import connection

    if connection.vendor != "postgresql":
        return []
    found: set[str] = set()
    with connection.cursor() as cursor:
        for query in queries:
            sql = query["sql"]
            if not sql.lstrip().upper().startswith("SELECT"):
                continue
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + sql)
            plan = cursor.fetchone()[0]
            for relation, read, limited in _seq_scanned(plan[0]["Plan"], limited=False):
                cursor.execute("SELECT reltuples FROM pg_class WHERE relname = %s", [relation])
                row = cursor.fetchone()
                if not row or row[0] <= LARGE_TABLE_ROWS:
                    continue
                bounded = limited and read < row[0] / 4
                found.add(
                    f"{relation} (~{int(row[0]):,} rows): read {read:,}"
                    + (f"{BOUNDED}" if bounded else "")
                )
    return sorted(found)


BOUNDED = ", bounded by a LIMIT"


def _seq_scanned(node: dict[str, object], limited: bool) -> list[tuple[str, int, bool]]:
    """(table, rows read, under a LIMIT) of each sequential scan in a plan."""
    limited = limited or node.get("Node Type") == "Limit"
    out = []
    if node.get("Node Type") == "Seq Scan":
        loops = int(node.get("Actual Loops", 1) or 1)  # type: ignore[call-overload]
        read = int(node.get("Actual Rows", 0)) + int(node.get("Rows Removed by Filter", 0))  # type: ignore[call-overload]
        out.append((str(node["Relation Name"]), read * loops, limited))
    for child in node.get("Plans", []) or []:  # type: ignore[union-attr]
        out.extend(_seq_scanned(child, limited))  # type: ignore[arg-type]
    return out
