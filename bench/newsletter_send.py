"""Newsletter send: one issue to 50,000 subscribers through the real sending path into a local
SMTP sink.

    .venv/bin/python bench/newsletter_send.py [--subscribers 50000] [--workers 2]
                                              [--database-url postgres://…/recoverynet_bench]
                                              [--sqlite]

1. A fresh database (PostgreSQL by default, dropped and created; or a temporary SQLite file),
   migrated and seeded through the services: a network, an editor, a published issue with six
   articles, and N confirmed subscribers (plus a few unsubscribed and suppressed ones who must
   get nothing).
2. `sending.send_start` fixes the recipients (timed).
3. W worker processes each run what the task worker runs, with the publication's throttle lifted:
   `queue_batch` (500 at a time, under the lock on the send) whose commit hands the batch to the
   outbox task, which builds each copy and sends it over one SMTP session to the sink.
4. The sink counts copies per address. The report gives messages per second, peak memory of every
   process, and checks that each subscriber got exactly one copy and nobody else got any.

The report is printed and written to bench/results/newsletter-send-<timestamp>.txt. It is a
measurement, never a pass/fail test.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from harness import PROJECT_DIR, free_port, recreate_database, write_report

DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/recoverynet_bench"


def _env(args: argparse.Namespace, port: int) -> dict[str, str]:
    env = dict(os.environ)
    env.update(
        {
            "DATABASE_URL": args.database_url,
            "DJANGO_SETTINGS_MODULE": "recoverynet.settings",
            "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "EMAIL_HOST": "127.0.0.1",
            "EMAIL_PORT": str(port),
            "RECOVERYNET_TASKS": "immediate",
            "RECOVERYNET_SITE_URL": "https://recoverynet.example",
            "PYTHONPATH": str(PROJECT_DIR / "src"),
        }
    )
    return env


def seed(subscribers: int) -> tuple[int, int]:
    """Returns (send id, recipients). Runs in this process with the bench environment."""
    import datetime
    from decimal import Decimal

    import django

    django.setup()
    from django.core.management import call_command
    from django.utils import timezone

    call_command("migrate", verbosity=0, interactive=False)
    from recoverynet.accounts.models import User
    from recoverynet.network import services as network_services
    from recoverynet.newsletter import sending, services
    from recoverynet.newsletter.models import Publication, Subscription, Suppression

    admin = User.objects.create_user(email="admin@bench.example", password="x", is_superuser=True)
    network = network_services.network_create(
        actor=admin,
        name="Bench Network",
        slug="bench",
        currency="GBP",
        tax_name="VAT",
        tax_rate=Decimal("0.20"),
        time_zone="Europe/London",
    )
    tier = network_services.tier_create(
        actor=admin, network=network, name="Member", member_rates=True
    )
    organisation = network_services.organisation_create(
        actor=admin, name="Bench Trust", kind="nhs", country="England"
    )
    network_services.membership_create(
        actor=admin,
        organisation=organisation,
        network=network,
        tier=tier,
        valid_from=datetime.date(2020, 1, 1),
    )
    editor = User.objects.create_user(email="editor@bench.example", password="x", full_name="Ed")
    network_services.network_role_grant(
        actor=admin, network=network, email=editor.email, role="editor"
    )
    publication = Publication.objects.get(network=network)
    issue = services.issue_create(actor=editor, publication=publication, title="Spring 2027")
    body = "\n\n".join(
        f"Paragraph {i}: what co-production changed on the ward, in the words of the people "
        "who were there, with a [link](https://example.org/more) and some *emphasis*."
        for i in range(12)
    )
    for n, section in enumerate(publication.sections.filter(kind="articles")):
        article = services.article_create(
            actor=editor,
            publication=publication,
            data=services.ArticleInput(
                title=f"Article {n + 1} in {section.title}",
                standfirst="A standfirst of a sentence or two.",
                body=body,
                section=section,
                authors=[services.AuthorInput("B", "peer support worker", True, editor)],
            ),
        )
        services.article_submit(actor=editor, article=article)
        services.article_approve(actor=editor, article=article)
        services.article_schedule(actor=editor, article=article, issue=issue)
    issue = services.issue_publish(actor=editor, issue=issue)
    Publication.objects.filter(pk=publication.pk).update(send_rate_per_minute=10_000_000)

    now = timezone.now()
    chunk: list[Subscription] = []
    for i in range(subscribers):
        chunk.append(
            Subscription(
                publication=publication,
                email=f"reader{i:06d}@bench.example",
                status="active",
                confirmed_at=now,
            )
        )
        if len(chunk) == 5000:
            Subscription.objects.bulk_create(chunk)
            chunk = []
    Subscription.objects.bulk_create(chunk)
    # People who must get nothing.
    for i in range(25):
        Subscription.objects.create(
            publication=publication, email=f"left{i}@bench.example", status="unsubscribed"
        )
        Subscription.objects.create(publication=publication, email=f"pending{i}@bench.example")
        Subscription.objects.create(
            publication=publication, email=f"bounced{i}@bench.example", status="active"
        )
        Suppression.objects.create(email=f"bounced{i}@bench.example", reason="bounced")

    # The first minute's batch would otherwise be queued (and sent) from this process straight
    # after commit; here the workers do all the sending.
    sending._kick = lambda send_id: None  # type: ignore[assignment]
    started = time.perf_counter()
    send = sending.send_start(actor=editor, issue=issue)
    print(f"   recipients fixed in {time.perf_counter() - started:.2f}s", flush=True)
    from django.db import connections

    connections.close_all()
    return send.pk, send.recipients


def worker(send_id: int) -> None:
    """What the task worker does, flat out: queue a batch; its commit sends it (immediate tasks)."""
    import django

    django.setup()
    from recoverynet.newsletter import sending

    handled = 0
    started = time.perf_counter()
    while True:
        n = sending.queue_batch(send_id, sending.BATCH_SIZE)
        if n == 0:
            break
        handled += n
    print(
        json.dumps(
            {
                "handled": handled,
                "seconds": time.perf_counter() - started,
                "peak_rss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            }
        ),
        flush=True,
    )


def check(send_id: int) -> dict[str, int]:
    from django.db.models import Count

    from recoverynet.core.models import OutboxMessage
    from recoverynet.newsletter import sending
    from recoverynet.newsletter.models import Send

    send = Send.objects.get(pk=send_id)
    statuses = dict(
        OutboxMessage.objects.filter(renderer=sending.RENDERER)
        .values_list("status")
        .annotate(n=Count("id"))
        .order_by()
    )
    return {**sending.progress(send), "outbox": statuses}  # type: ignore[dict-item]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--subscribers", type=int, default=50_000)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--database-url", default=DEFAULT_DB)
    parser.add_argument("--sqlite", action="store_true", help="Use a temporary SQLite file.")
    parser.add_argument(
        "--profile", action="store_true", help="Profile the first worker (cProfile, top 25)."
    )
    parser.add_argument("--worker", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.worker:
        if args.profile:
            import cProfile
            import pstats

            profile = cProfile.Profile()
            profile.runcall(worker, args.worker)
            stats = pstats.Stats(profile, stream=sys.stderr)
            stats.sort_stats(os.environ.get("PROFILE_SORT", "cumulative")).print_stats(30)
            if os.environ.get("PROFILE_CALLERS"):
                stats.print_callers(os.environ["PROFILE_CALLERS"])
        else:
            worker(args.worker)
        return 0

    tmp = tempfile.TemporaryDirectory(prefix="rn-bench-")
    if args.sqlite:
        args.database_url = f"sqlite:///{tmp.name}/bench.sqlite3"
    port = free_port()
    env = _env(args, port)
    os.environ.update(env)
    sink_out = Path(tmp.name) / "sink.json"
    sink = subprocess.Popen(
        [
            sys.executable,
            str(PROJECT_DIR / "bench" / "smtp_sink.py"),
            "--port",
            str(port),
            "--out",
            str(sink_out),
        ],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert sink.stdout is not None
        sink.stdout.readline()  # "ready"
        print(
            f"== newsletter send: {args.subscribers} subscribers, {args.workers} worker(s), "
            f"{'SQLite' if args.sqlite else 'PostgreSQL'}",
            flush=True,
        )
        t = time.perf_counter()
        if not args.sqlite:
            recreate_database(args.database_url)
        send_id, recipients = seed(args.subscribers)
        print(f"   database ready and seeded in {time.perf_counter() - t:.1f}s", flush=True)

        started = time.perf_counter()
        workers = [
            subprocess.Popen(
                [sys.executable, __file__, "--worker", str(send_id)]
                + (["--profile"] if args.profile and i == 0 else []),
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for i in range(args.workers)
        ]
        results = []
        for proc in workers:
            out, _ = proc.communicate()
            lines = [line for line in out.splitlines() if line.startswith("{")]
            results.append(json.loads(lines[-1]) if lines else {"error": proc.returncode})
        elapsed = time.perf_counter() - started
        db = check(send_id)
    finally:
        sink.terminate()
        sink.wait(timeout=30)
    sink_stats = json.loads(sink_out.read_text())
    copies = sink_stats.pop("copies")
    expected = {f"reader{i:06d}@bench.example" for i in range(args.subscribers)}
    unexpected = set(copies) - expected
    missing = expected - set(copies)

    lines = [
        f"Newsletter send benchmark — {time.strftime('%Y-%m-%d %H:%M')}",
        f"database: {'SQLite (file)' if args.sqlite else 'PostgreSQL'}; workers: {args.workers}; "
        f"CPUs: {os.cpu_count()}",
        f"subscribers: {args.subscribers} (+75 unsubscribed, unconfirmed or suppressed)",
        f"recipients fixed by send_start: {recipients}",
        "",
        f"wall time (first batch queued → last copy accepted by the sink): {elapsed:.1f} s",
        f"newsletter messages per second: {sink_stats['one_click_header'] / elapsed:.0f}",
        f"sink: {sink_stats['messages']} messages, {sink_stats['bytes'] / 1e6:.0f} MB, "
        f"{sink_stats['sessions']} SMTP sessions, "
        f"{sink_stats['one_click_header']} with List-Unsubscribe-Post "
        f"(+{sink_stats['other_mail']} workflow e-mails to the editor from seeding)",
        "",
        "exactly one copy each:",
        f"  subscribers who got a copy: {sink_stats['recipients'] - len(unexpected)} of {args.subscribers}",
        f"  missing: {len(missing)}; more than one copy: {sink_stats['more_than_one']}; "
        f"addresses that should get nothing but did: {len(unexpected)}",
        f"  progress page: sent {db['sent']}, pending {db['pending']}, failed {db['failed']}, "
        f"not sent {db['not_sent']}",
        "",
        "peak memory (max RSS):",
        *(
            f"  worker {i + 1}: {r.get('peak_rss_kb', 0) / 1024:.0f} MB, handled "
            f"{r.get('handled', '?')} in {r.get('seconds', 0):.1f} s"
            for i, r in enumerate(results)
        ),
        f"  SMTP sink: {sink_stats['peak_rss_kb'] / 1024:.0f} MB",
        f"  seeding process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
    ]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    print(f"report written to {write_report('newsletter-send', text)}")
    tmp.cleanup()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
