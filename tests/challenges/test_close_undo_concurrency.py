"""Undoing a closing while a coordinator publishes the benchmark, on a real PostgreSQL (decision
0045): never both, so a published snapshot never counts a round that is open again."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from recoverynet.challenges import frameworks, services
from recoverynet.challenges.benchmarks import SNAPSHOT_KIND, benchmark_publish
from recoverynet.challenges.models import AssessmentRound, RoundStatus
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AggregateSnapshot
from tests.challenges.conftest import agree_all
from tests.conftest import build_world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def _race(world, framework, round_) -> None:
    """Undo the closing of `round_` and publish the benchmark at the same moment."""
    barrier = threading.Barrier(2)

    def undo() -> None:
        services.round_close_undo(actor=world.lead_a, round_=round_)

    def publish() -> None:
        benchmark_publish(actor=world.coordinator_uk, network=world.uk, framework=framework)

    def run(target) -> None:
        try:
            barrier.wait()
            target()
        except ApplicationError:  # refused: too late, or nothing new to publish
            pass
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(t,)) for t in (undo, publish)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def test_undo_and_publish_at_once_never_leave_a_counted_round_open():
    world = build_world()
    framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
    for attempt in range(5):
        round_ = services.round_start(
            actor=world.lead_a,
            organisation=world.org_a,
            framework=framework,
            title=f"Round {attempt}",
        )
        agree_all(world.lead_a, round_)
        services.round_close(actor=world.lead_a, round_=round_)
        _race(world, framework, round_)
        round_.refresh_from_db()
        counted = any(
            str(round_.pk) in s.contributors.values()
            for s in AggregateSnapshot.objects.filter(kind=SNAPSHOT_KIND)
        )
        assert not (counted and round_.status == RoundStatus.OPEN), attempt
        AssessmentRound.objects.filter(pk=round_.pk).update(status=RoundStatus.CLOSED)
