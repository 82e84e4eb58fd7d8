"""Library search plans at scale: EXPLAIN (ANALYZE) of the search's page and count queries for a
word in almost every resource, a common one, a rare one, a phrase and an exclusion (issue #17).

    .venv/bin/python bench/library_search.py --database-url postgres://…/<a generate_scale database>
    .venv/bin/python bench/library_search.py --words 'guide;"peer support"' --plans

Runs in this process on the database `recoverynet generate_scale` filled (nothing is written), as
a recovery lead of a member organisation (the person bench/pages.py signs in) and as a visitor.
For each search: the database's execution time of the first page (20, as the library page) and of
the count the page shows, with the plan's top node. A measurement, never a test.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recoverynet_scale"
DEFAULT_WORDS = 'guide;peer;trauma;"peer support";peer -trauma;"shared decision" -guide;-guide;zzzz'


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--words", default=DEFAULT_WORDS, help="searches, separated by semicolons")
    p.add_argument("--repeat", type=int, default=3, help="runs per query; the best is reported")
    p.add_argument("--plans", action="store_true", help="print each query's whole plan")
    return p.parse_args(argv)


def explain(sql: str, params: tuple[object, ...], repeat: int) -> tuple[float, str]:
    from django.db import connection

    best: tuple[float, str] | None = None
    with connection.cursor() as cursor:
        for _ in range(repeat):
            cursor.execute("EXPLAIN (ANALYZE, BUFFERS) " + sql, params)
            plan = "\n".join(row[0] for row in cursor.fetchall())
            took = float(plan.rsplit("Execution Time:", 1)[1].split()[0])
            if best is None or took < best[0]:
                best = (took, plan)
    assert best is not None
    return best


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverynet.settings")
    import django

    django.setup()
    from django.contrib.auth.models import AnonymousUser
    from django.db import connection
    from django.db.models import Count

    from recoverynet.accounts.models import User
    from recoverynet.events.models import Booking
    from recoverynet.library import selectors
    from recoverynet.library.models import Resource

    booker = Booking.objects.values("booker").annotate(n=Count("pk")).order_by("-n")[0]["booker"]
    people = {"lead": User.objects.get(pk=booker), "visitor": AnonymousUser()}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    lines = [
        f"Library search plans — {time.strftime('%Y-%m-%d %H:%M:%S')}, load average {load} "
        f"(1, 5, 15 min); {Resource.objects.count():,} resources; {args.database_url}",
        f"{'search':<28} {'who':<8} {'matches':>8} {'page ms':>8} {'count ms':>9}  top nodes",
    ]
    for words in args.words.split(";"):
        for who, actor in people.items():
            if hasattr(selectors, "search_results"):
                counted = selectors.search_results(actor=actor, query=words)
                qs = counted.qs
            else:
                qs = selectors.search(actor=actor, query=words)
                counted = _Exact(qs)
            page = qs[:20]
            sql, params = page.query.sql_with_params()
            page_ms, page_plan = explain(sql, params, args.repeat)
            capture = _Capture()
            with connection.execute_wrapper(capture):
                matches = counted.count()
            count_ms, count_plan = explain(capture.sql, capture.params, args.repeat)
            shown = f"{matches:,}{'+' if counted.capped else ''}"
            top = " / ".join(_top(plan) for plan in (page_plan, count_plan))
            lines.append(
                f"{words:<28} {who:<8} {shown:>8} {page_ms:8.2f} {count_ms:9.2f}  {top[:110]}"
            )
            if args.plans:
                lines += ["  page:", *("    " + x for x in page_plan.splitlines())]
                lines += ["  count:", *("    " + x for x in count_plan.splitlines())]
    lines.append(f"load average after: {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print("\n".join(lines))
    return 0


class _Exact:
    """Before counts were capped: the exact count."""

    capped = False

    def __init__(self, qs):  # type: ignore[no-untyped-def]
        self.qs = qs

    def count(self) -> int:
        return int(self.qs.count())


class _Capture:
    """Keeps the last query's SQL and parameters (the count the page runs)."""

    sql = ""
    params: tuple[object, ...] = ()

    def __call__(self, execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        self.sql, self.params = sql, tuple(params or ())
        return execute(sql, params, many, context)


def _top(plan: str) -> str:
    """The first two plan nodes, shortened (e.g. "Limit <- Sort")."""
    nodes = [
        line.strip().lstrip("-> ").split("  (")[0]
        for line in plan.splitlines()
        if "(cost=" in line or line.lstrip().startswith("->")
    ]
    return " <- ".join(nodes[:3])


if __name__ == "__main__":
    raise SystemExit(main())
