"""Term-opening rush: hundreds of students enrolling at once on a college's courses over HTTP, and
the public prospectus page at 2,000 courses.

    .venv/bin/python bench/colleges_enrol.py [--students 500] [--courses 20] [--capacity 15]
                                             [--per-student 2] [--workers 4] [--threads 8]
                                             [--prospectus-courses 2000] [--prospectus-requests 200]

One fresh PostgreSQL database (dropped and created: its name must contain "bench"), migrations, a
college with a published term of `--courses` courses (seeded through the services), `--students`
registered students each with an API token; gunicorn on a free loopback port; an untimed warm-up; then

1. the rush: every student enrols on `--per-student` different courses
   (`POST /api/v1/courses/{id}/enrolments`), all released at once over keep-alive connections;
2. the database is checked: enrolled places per course against capacity (overbooked), enrolments
   acknowledged (201) but missing or present but never acknowledged (lost), duplicates;
3. a second term with `--prospectus-courses` courses (bulk-inserted) and its public prospectus page
   (`GET /colleges/{slug}/terms/{term}/`) requested by 20 clients: requests/s and latency; and the
   queries one page makes at 20 and at 2,000 courses (counted in-process).

A measurement, never a pass/fail test. The report is printed and written to
bench/results/colleges-<timestamp>.txt.
"""

from __future__ import annotations

import argparse
import datetime
import os
import random
import sys
import time
import uuid
from collections import Counter
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from booking import DEFAULT_DATABASE_URL, DEFAULT_REDIS_URL, bench_env, machine_lines
from harness import (
    GunicornServer,
    Job,
    ServerSettings,
    load_summary,
    recreate_database,
    run_load,
    stop_on_signals,
    warm_up,
    write_report,
)


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--students", type=int, default=500)
    p.add_argument("--courses", type=int, default=20)
    p.add_argument("--capacity", type=int, default=15)
    p.add_argument("--per-student", type=int, default=2)
    p.add_argument("--workers", type=int, default=4)
    p.add_argument("--threads", type=int, default=8)
    p.add_argument("--prospectus-courses", type=int, default=2000)
    p.add_argument("--prospectus-requests", type=int, default=200)
    p.add_argument("--duration-limit", type=float, default=90.0)
    p.add_argument("--request-timeout", type=float, default=60.0)
    p.add_argument(
        "--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_DATABASE_URL)
    )
    p.add_argument("--redis-url", default=os.environ.get("BENCH_REDIS_URL", DEFAULT_REDIS_URL))
    p.add_argument("--worker-class", default="gthread")
    p.add_argument("--pool-min", type=int, default=None)
    p.add_argument("--pool-max", type=int, default=None)
    p.add_argument("--no-preload", action="store_true")
    p.add_argument("--switch-interval", type=float, default=0.0)
    p.add_argument("--configs", default="")
    return p.parse_args(argv)


def seed(args: argparse.Namespace) -> dict[str, Any]:
    from django.contrib.auth.hashers import make_password

    from recoverynet.accounts.models import ApiToken, User
    from recoverynet.colleges.models import Student
    from recoverynet.colleges.services import college as college_services
    from recoverynet.colleges.services import course as course_services
    from recoverynet.core.tokens import digest as hash_token
    from recoverynet.network.models import OrganisationKind
    from recoverynet.network.services import network_create, organisation_create

    admin = User.objects.create_superuser(
        email="bench-admin@bench.example", password=uuid.uuid4().hex
    )
    network = network_create(
        actor=admin,
        name="Bench Network",
        currency="GBP",
        tax_name="VAT",
        tax_rate=0,
        time_zone="Europe/London",
    )
    org = organisation_create(
        actor=admin, name="Bench Trust", kind=OrganisationKind.NHS, country="England"
    )
    college = college_services.college_create(
        actor=admin,
        organisation=org,
        networks=[network],
        name="Bench Recovery College",
        slug="bench-college",
    )
    venue = college_services.venue_create(actor=admin, college=college, name="Main hall")
    start = datetime.date.today() + datetime.timedelta(days=30)
    term = course_services.term_create(
        actor=admin,
        college=college,
        name="Rush term",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=84),
    )
    first = datetime.datetime.combine(start, datetime.time(10), tzinfo=datetime.UTC)
    course_ids = []
    for i in range(args.courses):
        course = course_services.course_create(
            actor=admin,
            term=term,
            title=f"Course {i + 1}",
            what_you_will_learn="Bench.",
            topic="recovery",
            capacity=args.capacity,
        )
        for n in range(3):
            course_services.session_add(
                actor=admin,
                course=course,
                starts_at=first + datetime.timedelta(days=7 * n + i % 5),
                ends_at=first + datetime.timedelta(days=7 * n + i % 5, hours=2),
                venue=venue,
            )
        course_services.course_publish(actor=admin, course=course, reason="Bench: no trainers.")
        course_ids.append(str(course.public_id))
    course_services.term_publish(actor=admin, term=term)
    unusable = make_password(None)
    users = User.objects.bulk_create(
        [
            User(email=f"student-{i:04d}@bench.example", password=unusable)
            for i in range(args.students)
        ]
    )
    Student.objects.bulk_create(
        [
            Student(college=college, user=u, preferred_name=f"Student {i}")
            for i, u in enumerate(users)
        ]
    )
    raws = [f"rn_bench{uuid.uuid4().hex[:8]}{i:04d}{uuid.uuid4().hex}" for i in range(len(users))]
    ApiToken.objects.bulk_create(
        [
            ApiToken(
                user=u, name="bench", prefix=raw[:10], token_hash=hash_token(raw), scopes=["write"]
            )
            for u, raw in zip(users, raws, strict=True)
        ]
    )
    return {
        "admin": admin,
        "college": college,
        "venue": venue,
        "term": term,
        "courses": course_ids,
        "tokens": raws,
    }


def big_term(s: dict[str, Any], count: int) -> tuple[str, int, int]:
    """A published term with `count` courses (bulk-inserted, one session each); returns its slug and
    the queries of one prospectus page at 20 and at `count` courses (in-process, test client)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from recoverynet.colleges.models import Course, CourseSession, Term

    college = s["college"]
    start = datetime.date.today() + datetime.timedelta(days=150)
    term = Term.objects.create(
        college=college,
        name="Big term",
        slug="big-term",
        starts_on=start,
        ends_on=start + datetime.timedelta(days=84),
        status="published",
    )
    url = f"/colleges/{college.slug}/terms/{term.slug}/"

    def add(n: int, offset: int) -> None:
        courses = Course.objects.bulk_create(
            [
                Course(
                    term=term,
                    title=f"Big course {offset + i:05d}",
                    topic="living_well",
                    what_you_will_learn="Bench course.",
                    capacity=12,
                    status="published",
                )
                for i in range(n)
            ]
        )
        first = datetime.datetime.combine(start, datetime.time(10), tzinfo=datetime.UTC)
        CourseSession.objects.bulk_create(
            [
                CourseSession(
                    course=c,
                    number=1,
                    starts_at=first,
                    ends_at=first + datetime.timedelta(hours=2),
                    venue=s["venue"],
                )
                for c in courses
            ]
        )

    def queries() -> int:
        client = Client(HTTP_HOST="127.0.0.1")
        with CaptureQueriesContext(connection) as captured:
            response = client.get(url)
        assert response.status_code == 200, response.status_code
        return len(captured.captured_queries)

    add(20, 0)
    small = queries()
    add(count - 20, 20)
    large = queries()
    return url, small, large


def check(s: dict[str, Any], run: Any, capacity: int) -> dict[str, Any]:
    from recoverynet.colleges.models import Enrolment

    rows = list(
        Enrolment.objects.filter(course__term=s["term"]).values_list(
            "public_id", "course__public_id", "status", "student__user__email"
        )
    )
    by_course = Counter(c for _, c, st, _ in rows if st in ("enrolled", "offered"))
    acked = {r.body.get("id") for r in run.results if r.status == 201 and isinstance(r.body, dict)}
    # A request retried after a client time-out whose first try went through is answered 409
    # already_enrolled: the student is told they are enrolled, so that row is not lost.
    told = {
        (f"student-{r.client:04d}@bench.example", r.tag)
        for r in run.results
        if r.status == 409 and isinstance(r.body, dict) and r.body.get("code") == "already_enrolled"
    }
    in_db = {str(pid) for pid, _, _, _ in rows}
    unacked = [(str(pid), str(c), e) for pid, c, _, e in rows if str(pid) not in acked]
    retried = sum(1 for _, c, e in unacked if (e, c) in told)
    pairs = Counter((c, e) for _, c, _, e in rows)
    return {
        "rows": len(rows),
        "by_status": dict(Counter(st for _, _, st, _ in rows)),
        "overbooked": sum(max(0, n - capacity) for n in by_course.values()),
        "full_courses": sum(1 for n in by_course.values() if n == capacity),
        "acked_missing": len(acked - in_db),
        "unacked_present": len(unacked) - retried,
        "retried_409": retried,
        "duplicates": sum(n - 1 for n in pairs.values() if n > 1),
    }


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    env = bench_env(args)
    os.environ.update(env)
    import django
    from django.core.management import call_command
    from django.db import connections

    django.setup()
    shape = ServerSettings(workers=args.workers, threads=args.threads)
    lines = [
        f"recoverynet colleges bench, {time.strftime('%Y-%m-%d %H:%M:%S %Z')}",
        *machine_lines(args),
    ]
    load_before = os.getloadavg()
    t = time.perf_counter()
    recreate_database(args.database_url)
    connections.close_all()
    call_command("migrate", verbosity=0, interactive=False)
    call_command(
        "collectstatic", verbosity=0, interactive=False
    )  # DEBUG off: pages need the manifest
    s = seed(args)
    connections.close_all()
    print(f"seeded in {time.perf_counter() - t:.1f}s", flush=True)
    rng = random.Random(7)
    jobs = []
    for token in s["tokens"]:
        mine = rng.sample(s["courses"], k=min(args.per_student, len(s["courses"])))
        jobs.append(
            [
                Job(
                    "POST",
                    f"/api/v1/courses/{c}/enrolments",
                    {
                        "Authorization": f"Bearer {token}",
                        "Accept": "application/json",
                        "Content-Type": "application/json",
                    },
                    b"",
                    tag=c,
                )
                for c in mine
            ]
        )
    log = (
        Path(__file__).resolve().parent
        / "results"
        / f"gunicorn-colleges-{time.strftime('%Y%m%d-%H%M%S')}.log"
    )
    log.parent.mkdir(exist_ok=True)
    with stop_on_signals(), GunicornServer(shape, env, log) as server:
        warm_up(
            server.port,
            [
                Job("GET", f"/api/v1/courses/{c}", {"Accept": "application/json"}, b"")
                for c in s["courses"]
            ]
            * 3,
            concurrency=8,
        )
        load_during: list[float] = []
        rush = run_load(
            name="enrol",
            port=server.port,
            jobs=jobs,
            duration_limit=args.duration_limit,
            request_timeout=args.request_timeout,
        )
        load_during.append(os.getloadavg()[0])
        checks = check(s, rush, args.capacity)
        url, small_q, large_q = big_term(s, args.prospectus_courses)
        connections.close_all()
        per = max(1, args.prospectus_requests // 20)
        page_jobs = [
            [Job("GET", url, {"Accept": "text/html"}, b"") for _ in range(per)] for _ in range(20)
        ]
        prospectus = run_load(
            name="prospectus", port=server.port, jobs=page_jobs, duration_limit=60
        )
        load_during.append(os.getloadavg()[0])
    codes = Counter(
        r.body.get("code", "?")
        for r in rush.results
        if isinstance(r.body, dict) and 400 <= r.status < 500
    )
    statuses = Counter(
        r.body.get("status") for r in rush.results if r.status == 201 and isinstance(r.body, dict)
    )
    lines += [
        f"  load average before {load_before[0]:.2f} {load_before[1]:.2f} {load_before[2]:.2f}; 1-min load after the rush "
        f"{load_during[0]:.2f}, after the prospectus run {load_during[1]:.2f} (the machine is shared)",
        f"  server       {shape.describe()}",
        "",
        f"Enrolment rush: {args.students} students x {args.per_student} courses, {args.courses} courses of {args.capacity} places",
        *load_summary(rush),
        f"  201 answers by status            {dict(statuses)}",
        f"  4xx codes                        {dict(codes)}",
        f"  enrolments/s (answered)          {rush.rps:.1f}",
        f"  p50/p95/p99 ms                   {rush.percentile(50) * 1000:.0f} / {rush.percentile(95) * 1000:.0f} / {rush.percentile(99) * 1000:.0f}",
        "",
        "  Database afterwards",
        f"  enrolment rows                   {checks['rows']} {checks['by_status']}",
        f"  courses full                     {checks['full_courses']} of {args.courses}",
        f"  OVERBOOKED (must be 0)           {checks['overbooked']}",
        f"  LOST (must be 0)                 acknowledged but missing {checks['acked_missing']}; in DB but never acknowledged {checks['unacked_present']}"
        f" (plus {checks['retried_409']} answered 409 already_enrolled on a retry after a client time-out)",
        f"  duplicate enrolments             {checks['duplicates']}",
        "",
        f"Prospectus page at {args.prospectus_courses} courses (40 a page): GET {url}, 20 clients",
        *load_summary(prospectus),
        f"  requests/s                       {prospectus.rps:.1f}",
        f"  queries per page                 {small_q} at 20 courses, {large_q} at {args.prospectus_courses} courses",
    ]
    text = "\n".join(lines) + "\n"
    path = write_report("colleges", text)
    print("\n" + text)
    print(f"Report written to {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
