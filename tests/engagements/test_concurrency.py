"""Two consultants logging the last day at once: one succeeds, the other is told clearly. Needs
PostgreSQL's row locks (the allocation row is locked with SELECT … FOR UPDATE)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal

import pytest
from django.db import connection, connections

from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import services
from recoverynet.engagements.models import Session, SessionState
from tests.conftest import build_world
from tests.engagements.conftest import TODAY, log, package

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


@pytest.mark.parametrize("racers", [2, 8])
def test_last_day_logged_once(racers: int) -> None:
    world = build_world()
    engagement = package(world, days="5", team=[(world.coordinator_uk, "Co-production")])
    log(world, engagement, "4")
    people = [world.consultant_uk, world.coordinator_uk]
    barrier = threading.Barrier(racers)
    done: list[int] = []
    refused: list[ApplicationError] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def race(i: int) -> None:
        who = people[i % 2]
        try:
            barrier.wait()
            session = services.session_log(
                actor=who,
                engagement=engagement,
                data=services.SessionInput(
                    on=TODAY - datetime.timedelta(days=1), consultant=who, days=Decimal("1")
                ),
            )
            with guard:
                done.append(session.pk)
        except ApplicationError as exc:
            with guard:
                refused.append(exc)
        except BaseException as exc:
            with guard:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=race, args=(i,)) for i in range(racers)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=60)
    assert not errors, errors
    assert len(done) == 1
    assert len(refused) == racers - 1
    assert all(e.code == "days_used_up" and "Only 0 of the 5" in e.message for e in refused)
    used = sum(
        s.days for s in Session.objects.filter(engagement=engagement, state=SessionState.DELIVERED)
    )
    assert used == Decimal("5")
