"""Two reminder jobs at once on a real PostgreSQL (issue #15): each rater still gets one e-mail."""

from __future__ import annotations

import datetime
import threading

import pytest
import time_machine
from django.db import connection, connections

from recoverynet.challenges import frameworks, services
from recoverynet.challenges.models import RaterReminder
from recoverynet.core.models import OutboxMessage
from tests.conftest import build_world

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]

NOON = datetime.datetime(2027, 3, 1, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def test_two_jobs_at_once_send_each_reminder_once():
    with time_machine.travel(NOON, tick=False):
        world = build_world()
        framework = services.framework_install(data=frameworks.TEN_CHALLENGES)
        round_ = services.round_start(
            actor=world.lead_a,
            organisation=world.org_a,
            framework=framework,
            title="Spring 2027",
            rate_by=NOON.date(),
        )
        for n in range(12):
            services.rater_invite_by_link(
                actor=world.lead_a, round_=round_, name=f"Rater {n}", email=f"r{n}@example.org"
            )
        barrier = threading.Barrier(2)
        counts: list[int] = []
        errors: list[BaseException] = []

        def run() -> None:
            try:
                barrier.wait()
                counts.append(services.rater_reminders())
            except BaseException as exc:
                errors.append(exc)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=run) for _ in range(2)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    assert errors == []
    assert sum(counts) == 13  # twelve raters and the facilitator, each once
    assert RaterReminder.objects.count() == 13
    reminders = OutboxMessage.objects.filter(subject__startswith="Today is the day")
    assert reminders.count() == 13
    assert len({tuple(m.to) for m in reminders}) == 13
