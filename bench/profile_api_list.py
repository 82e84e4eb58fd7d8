"""Where an API list's time goes at scale: `GET /api/v1/bookings` (or another path) for the recovery
lead with the most bookings, through Django's full request path in this process, on a database
`recoverynet generate_scale` filled (nothing is written but the lead's API token).

    .venv/bin/python bench/profile_api_list.py --database-url postgres://…/<scale database>
    .venv/bin/python bench/profile_api_list.py --path "/api/v1/bookings?page=2" --requests 50

Prints the wall time per request, the time in SQL and the number of queries, then a cProfile of
the requests (top functions by cumulative time). A measurement, never a test.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import os
import pstats
import time
import uuid

DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/recoverynet_scale"


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_SCALE_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--path", default="/api/v1/bookings")
    p.add_argument("--requests", type=int, default=30)
    p.add_argument("--top", type=int, default=25)
    p.add_argument("--no-profile", action="store_true", help="time only, without cProfile")
    p.add_argument(
        "--sort", default="cumulative", help="cProfile order: cumulative, or tottime for own time"
    )
    p.add_argument(
        "--session",
        action="store_true",
        help="sign in with a session cookie, as a browser does (for a page rather than the API)",
    )
    p.add_argument(
        "--as-email", default="", help="ask as this person (default: the lead with most bookings)"
    )
    args = p.parse_args(argv)
    os.environ["DATABASE_URL"] = args.database_url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "recoverynet.settings")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver")
    import django

    django.setup()
    from django.db import connection
    from django.db.models import Count
    from django.test import Client

    from recoverynet.accounts.models import User
    from recoverynet.accounts.services import api_token_create
    from recoverynet.events.models import Booking

    booker = Booking.objects.values("booker").annotate(n=Count("pk")).order_by("-n")[0]
    lead = (
        User.objects.get(email=args.as_email)
        if args.as_email
        else User.objects.get(pk=booker["booker"])
    )
    if args.session:
        client = Client()
        client.force_login(lead)
    else:
        token = api_token_create(actor=lead, name=f"profile {uuid.uuid4().hex[:8]}").raw
        client = Client(headers={"Authorization": f"Bearer {token}"})
    first = client.get(args.path)  # the token's first use is recorded once
    assert first.status_code == 200, first.content[:300]

    sql_time = [0.0]
    queries = [0]

    def timed(execute, sql, params, many, context):  # type: ignore[no-untyped-def]
        t = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            sql_time[0] += time.perf_counter() - t
            queries[0] += 1

    profiler = cProfile.Profile()
    with connection.execute_wrapper(timed):
        t0, cpu0 = time.perf_counter(), time.process_time()
        if not args.no_profile:
            profiler.enable()
        for _ in range(args.requests):
            response = client.get(args.path)
        profiler.disable()
        wall, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    body = response.json() if not args.session else {"items": []}
    load = " ".join(f"{x:.2f}" for x in os.getloadavg())
    print(
        f"{args.path} as a lead with {booker['n']:,} bookings; {len(response.content):,} bytes, "
        f"{len(body.get('items', body))} items; load average {load}\n"
        f"per request: {wall / args.requests * 1000:.1f} ms wall"
        f"{'' if args.no_profile else ' (profiled)'}, {cpu / args.requests * 1000:.1f} ms CPU in "
        "this process (Python: less bent by other work on the machine than wall time), "
        f"{sql_time[0] / args.requests * 1000:.1f} ms in SQL, "
        f"{queries[0] / args.requests:.0f} queries"
    )
    if args.no_profile:
        return 0
    out = io.StringIO()
    pstats.Stats(profiler, stream=out).sort_stats(args.sort).print_stats(args.top)
    print(out.getvalue())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
