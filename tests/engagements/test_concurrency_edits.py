"""Editing sessions while others log or edit: every change to the days drawn down takes the same
row lock on the allocation, so no half day is lost or counted twice. Needs PostgreSQL."""

from __future__ import annotations

import datetime
import threading
from collections.abc import Callable
from decimal import Decimal

import pytest
from django.db import connection, connections

from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import services
from recoverynet.engagements.models import Session, SessionState
from tests.conftest import build_world
from tests.engagements.conftest import TODAY, log, package

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]
YESTERDAY = TODAY - datetime.timedelta(days=1)


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def _race(jobs: list[Callable[[], object]]) -> tuple[int, list[ApplicationError]]:
    barrier = threading.Barrier(len(jobs))
    done: list[object] = []
    refused: list[ApplicationError] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait()
            result = job()
            with guard:
                done.append(result)
        except ApplicationError as exc:
            with guard:
                refused.append(exc)
        except BaseException as exc:
            with guard:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    return len(done), refused


def _used(engagement: object) -> Decimal:
    return sum(
        (
            s.days
            for s in Session.objects.filter(engagement=engagement, state=SessionState.DELIVERED)
        ),
        Decimal("0"),
    )


@pytest.mark.parametrize("racers", [2, 8])
def test_edits_and_new_sessions_never_overdraw(racers: int) -> None:
    """One day is free. Half the racers each grow a different session by one day; the other half
    log a new one-day session. Exactly one of them fits."""
    world = build_world()
    engagement = package(world, days=str(racers + 1), team=[(world.coordinator_uk, "Coaching")])
    sessions = [log(world, engagement, "1") for _ in range(racers // 2)]
    spare = racers + 1 - len(sessions) - 1
    if spare:
        log(world, engagement, str(spare))
    assert _used(engagement) == Decimal(racers)

    def grow(session: Session) -> Callable[[], object]:
        return lambda: services.session_edit(
            actor=world.consultant_uk,
            engagement=engagement,
            session_id=session.pk,
            data=services.SessionInput(
                on=session.on, consultant=world.consultant_uk, days=Decimal("2")
            ),
        )

    def add() -> object:
        return services.session_log(
            actor=world.coordinator_uk,
            engagement=engagement,
            data=services.SessionInput(
                on=YESTERDAY, consultant=world.coordinator_uk, days=Decimal("1")
            ),
        )

    jobs = [grow(s) for s in sessions] + [add] * (racers - len(sessions))
    succeeded, refused = _race(jobs)
    assert succeeded == 1
    assert len(refused) == racers - 1
    assert all(e.code == "days_used_up" for e in refused)
    assert _used(engagement) == Decimal(racers + 1)


def test_shrinking_and_cancelling_never_lose_half_days() -> None:
    """Edits that shrink, cancellations and new sessions at once: the total is exactly what the
    rows say (no lost updates)."""
    world = build_world()
    engagement = package(world, days="10", team=[(world.coordinator_uk, "Coaching")])
    a = log(world, engagement, "2")
    b = log(world, engagement, "2")
    log(world, engagement, "2")

    def shrink() -> object:
        return services.session_edit(
            actor=world.consultant_uk,
            engagement=engagement,
            session_id=a.pk,
            data=services.SessionInput(
                on=a.on, consultant=world.consultant_uk, days=Decimal("0.5")
            ),
        )

    def cancel() -> object:
        return services.session_cancel(
            actor=world.coordinator_uk, engagement=engagement, session_id=b.pk, reason="Twice"
        )

    def add() -> object:
        return services.session_log(
            actor=world.coordinator_uk,
            engagement=engagement,
            data=services.SessionInput(
                on=YESTERDAY, consultant=world.coordinator_uk, days=Decimal("4.5")
            ),
        )

    succeeded, refused = _race([shrink, cancel, add, add])
    # 6 used; shrink frees 1.5, cancel frees 2: 2.5 left, so 4.5 fits only once the others
    # committed; whatever the order, the total equals the rows and never exceeds 10.
    total = _used(engagement)
    assert total <= Decimal("10")
    assert succeeded + len(refused) == 4
    assert all(e.code == "days_used_up" for e in refused)
    expected = Decimal("0.5") + Decimal("2") + Decimal("4.5") * (succeeded - 2)
    assert total == expected
