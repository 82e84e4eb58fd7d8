"""Finishing the same questionnaire twice at once (a double click, two devices) stores one set of
answers and uses the link once; first answers from two devices make one pseudonym (PostgreSQL)."""

import datetime
import threading

import pytest
from django.db import connection, connections
from django.utils import timezone

from recoverynet.core.errors import ApplicationError
from recoverynet.outcomes import services
from recoverynet.outcomes.models import (
    Answer,
    InstrumentVersion,
    Invitation,
    LinkageKey,
    Pseudonym,
    Response,
)
from tests.conftest import build_world

from .conftest import invitation_of, load_wording, plans

pytestmark = [pytest.mark.postgres_only, pytest.mark.django_db(transaction=True)]


@pytest.fixture(autouse=True)
def _postgres_only():
    if connection.vendor != "postgresql":
        pytest.skip("Concurrency needs PostgreSQL's row locks; CI runs this on PostgreSQL.")


def race(count, work):
    barrier = threading.Barrier(count)
    outcomes: list[str] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def run(i: int) -> None:
        try:
            barrier.wait()
            work(i)
            with lock:
                outcomes.append("ok")
        except ApplicationError as exc:
            with lock:
                outcomes.append(exc.code)
        except BaseException as exc:
            with lock:
                errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    return outcomes


def test_finishing_twice_at_once_stores_one_set_of_answers():
    world = build_world()
    services.instruments_install_builtin()
    load_wording(world.lead_a, world.org_a, "swemwbs")
    swemwbs = InstrumentVersion.objects.get(code="swemwbs")
    collection = services.collection_create(
        actor=world.lead_a,
        organisation=world.org_a,
        title="Race",
        instruments=[swemwbs],
        source_kind="team",
        source_ref="team",
        timepoints=plans(),
        retain_until=timezone.localdate() + datetime.timedelta(days=400),
    )
    baseline = collection.timepoints.get(position=1)
    invitation = invitation_of(world, "staff.a@example.org", baseline)

    def finish(i: int) -> None:
        services.answers_save(
            actor=world.staff_a,
            invitation=Invitation.objects.get(pk=invitation.pk),
            answers={(swemwbs.pk, n): 1 + (i % 5) for n in range(1, 8)},
            finish=True,
        )

    outcomes = race(6, finish)
    assert sorted(outcomes) == ["link_gone"] * 5 + ["ok"]
    assert Response.objects.count() == 1
    assert Answer.objects.count() == 7
    assert Pseudonym.objects.count() == 1 and LinkageKey.objects.count() == 1
