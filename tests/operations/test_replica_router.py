"""The read-replica router: only opted-in reads go to the replica, never inside a transaction on
the primary, never writes or migrations."""

from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db import router, transaction

from recoverynet.challenges import benchmarks
from recoverynet.core import replica
from recoverynet.library import selectors as library_selectors
from recoverynet.library.models import Resource

pytestmark = pytest.mark.django_db(transaction=True)  # no test-wide transaction around the test


@pytest.fixture
def with_replica(monkeypatch: Any) -> None:
    monkeypatch.setattr(replica, "configured", lambda: True)


def test_without_a_replica_everything_reads_from_the_primary(monkeypatch: Any) -> None:
    monkeypatch.setattr(replica, "configured", lambda: False)
    with replica.reads():
        assert Resource.objects.all().db == "default"
    assert replica.using_replica(Resource.objects.all()).db == "default"


def test_only_opted_in_reads_go_to_the_replica(with_replica: None) -> None:
    assert Resource.objects.all().db == "default"
    with replica.reads():
        assert Resource.objects.all().db == "replica"
        with replica.reads():
            assert Resource.objects.all().db == "replica"
        assert Resource.objects.all().db == "replica"
    assert Resource.objects.all().db == "default"
    assert replica.using_replica(Resource.objects.all()).db == "replica"


def test_reads_as_a_decorator(with_replica: None) -> None:
    @replica.reads()
    def report() -> str:
        return Resource.objects.all().db

    assert report() == "replica"
    assert Resource.objects.all().db == "default"


def test_nothing_inside_a_write_transaction_reads_from_the_replica(with_replica: None) -> None:
    with replica.reads(), transaction.atomic():
        assert Resource.objects.all().db == "default"
        assert replica.using_replica(Resource.objects.all()).db == "default"
        assert Resource.objects.select_for_update().db == "default"


def test_writes_and_migrations_always_go_to_the_primary(with_replica: None) -> None:
    routes = replica.ReplicaRouter()
    with replica.reads():
        assert router.db_for_write(Resource) == "default"
        assert Resource.objects.all()._chain()._for_write is False
    assert routes.allow_migrate("default", "library") is True
    assert routes.allow_migrate("replica", "library") is False


def test_library_search_reads_from_the_replica(with_replica: None) -> None:
    assert library_selectors.search(actor=AnonymousUser(), query="recovery").db == "replica"


def test_the_network_benchmark_reads_from_the_replica(with_replica: None, monkeypatch: Any) -> None:
    seen: list[str] = []

    def can_view(actor: Any, network: Any) -> bool:
        seen.append(router.db_for_read(Resource))
        raise PermissionDenied("stop here")

    monkeypatch.setattr(benchmarks, "can_view", can_view)
    with pytest.raises(PermissionDenied):
        benchmarks.network_benchmark(actor=AnonymousUser(), network=None, framework=None)  # type: ignore[arg-type]
    assert seen == ["replica"]
