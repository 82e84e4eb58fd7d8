"""`recoverynet generate_scale`: a large installation for the read-path benchmarks (issue #17).

Run it against a database of its own, never the demo's or a live one:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recoverynet_scale recoverynet migrate
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/recoverynet_scale recoverynet generate_scale

(`make scale-data` does both.) It refuses a database that already holds a network.
"""

from __future__ import annotations

import datetime
import random
import time
from typing import Any, TextIO, cast

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import connection, transaction
from django.utils import timezone
from django.utils.module_loading import autodiscover_modules

from recoverynet.core.scale import ScaleContext, generators


class Command(BaseCommand):
    help = (
        "Fill an empty, migrated database with a large installation (3 networks, 2,000 "
        "organisations, 100,000 people, 20,000 events, 500,000 bookings, 1,000,000 ratings, …) "
        "for benchmarks. --factor 0.01 builds a hundredth of it."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--factor", type=float, default=1.0, help="Size; 1.0 is the full size.")
        parser.add_argument(
            "--seed", type=int, default=17, help="The same seed builds the same data."
        )
        parser.add_argument(
            "--anchor",
            type=datetime.date.fromisoformat,
            default=None,
            help="The 'today' events fall around (YYYY-MM-DD; default: today).",
        )
        parser.add_argument(
            "--apps",
            default="",
            help="Only these apps' generators, comma-separated (e.g. network,events,colleges); "
            "a generator needs those it reads ids from. Default: all.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        factor: float = options["factor"]
        if not 0 < factor <= 10:
            raise CommandError("--factor must be above 0 and at most 10.")
        if apps.get_model("network", "Network").objects.exists():
            raise CommandError(
                "This database already holds a network. generate_scale fills an empty, migrated "
                "database of its own (see `make scale-data`)."
            )
        day = options["anchor"] or timezone.localdate()
        anchor = datetime.datetime.combine(day, datetime.time(9, 30), tzinfo=datetime.UTC)
        ctx = ScaleContext(
            rng=random.Random(options["seed"]),
            factor=factor,
            anchor=anchor,
            # The raw stream: Django's wrapper would end every progress update with a newline.
            out=cast(TextIO, self.stderr._out),
        )
        autodiscover_modules("scale")
        only = {a.strip() for a in options["apps"].split(",") if a.strip()} or None
        chosen = generators(only)
        if only is not None and only - {g.app for g in chosen}:
            unknown = ", ".join(sorted(only - {g.app for g in chosen}))
            raise CommandError(f"--apps: no generator for {unknown}.")
        started = time.monotonic()
        for generator in chosen:
            self.stderr.write(f"{generator.name}:")
            # One transaction per app: an interrupted run leaves whole apps, and PostgreSQL does
            # not flush the WAL after every batch.
            with transaction.atomic():
                generator.run(ctx)
        if connection.vendor == "postgresql":
            # As autovacuum leaves a table in use: statistics for the planner, and the visibility
            # map without which counting a lead's 2,000 bookings reads every heap page instead of
            # only the index (4 ms against 0.5 ms per count, issue #17). VACUUM cannot run inside a
            # transaction (a test's), where ANALYZE alone does.
            with connection.cursor() as cursor:
                cursor.execute("ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)")
        elapsed = time.monotonic() - started
        total = sum(ctx.counts.values())
        for label, count in ctx.counts.items():
            self.stdout.write(f"{label:<28} {count:>10,}")
        self.stdout.write(
            self.style.SUCCESS(
                f"{total:,} rows in {elapsed:,.0f} s ({total / elapsed:,.0f} rows/s)."
            )
        )
