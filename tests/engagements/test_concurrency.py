"""Two consultants logging the last day at once: one succeeds, the other is told clearly. Needs
PostgreSQL's row locks (the allocation row is locked with SELECT … FOR UPDATE)."""

from __future__ import annotations

import datetime
import threading
from decimal import Decimal
from typing import Any

import pytest
from django.db import connection, connections

from recoverynet.core.errors import ApplicationError
from recoverynet.engagements import services
from recoverynet.engagements.feedback import KIND
from recoverynet.engagements.models import Session, SessionState
from recoverynet.feedback import services as feedback_services
from recoverynet.feedback.models import FormStatus, Response
from tests.conftest import build_world
from tests.engagements.conftest import TODAY, log, package
from tests.feedback.conftest import answers_for

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


def _run_together(jobs: list[Any]) -> tuple[list[object], list[ApplicationError]]:
    barrier = threading.Barrier(len(jobs))
    done: list[object] = []
    refused: list[ApplicationError] = []
    errors: list[BaseException] = []
    guard = threading.Lock()

    def run(job: Any) -> None:
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
    return done, refused


@pytest.mark.parametrize("round_", range(3))
def test_cancel_racing_a_feedback_answer_loses_nothing(round_: int) -> None:
    """Cancelling a session while the client answers its feedback form: either the answer lands
    first and the cancelling is refused (409 `attached`), or the form closes first and the
    answer is refused. Never a cancelled session with answers, never a lost answer, and the
    days are right either way (decision 0042)."""
    world = build_world()
    engagement = package(world, days="5")
    session = log(world, engagement, "2")
    form = feedback_services.form_create(
        actor=world.consultant_uk, target_kind=KIND, target_id=str(session.public_id)
    )
    form = feedback_services.form_open(actor=world.consultant_uk, form=form)
    answers = answers_for(form)

    done, refused = _run_together(
        [
            lambda: services.session_cancel(
                actor=world.consultant_uk,
                engagement=engagement,
                session_id=session.pk,
                reason="Did not take place",
            ),
            lambda: feedback_services.response_submit(
                actor=world.lead_a, form=form, answers=answers
            ),
        ]
    )
    assert len(done) == 1 and len(refused) == 1
    session.refresh_from_db()
    form.refresh_from_db()
    answered = Response.objects.filter(form=form).count()
    if session.state == SessionState.CANCELLED:
        assert answered == 0 and form.status == FormStatus.CLOSED
        assert services_used(engagement) == Decimal("0")
    else:
        assert refused[0].code == "attached"
        assert answered == 1 and session.state == SessionState.DELIVERED
        assert services_used(engagement) == Decimal("2")


def services_used(engagement: Any) -> Decimal:
    return sum(
        (
            s.days
            for s in Session.objects.filter(engagement=engagement, state=SessionState.DELIVERED)
        ),
        Decimal("0"),
    )
