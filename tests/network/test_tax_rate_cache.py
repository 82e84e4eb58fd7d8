"""Every booking prices its places with the network's tax rate, so the rates are kept in the shared
cache (core/versioned.py) until one is saved or deleted — never stale, and read every time when
there is no shared cache."""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.network.models import Network, TaxRate
from recoverynet.network.services import tax_rate_set

pytestmark = pytest.mark.django_db

LATER = datetime.date(2030, 1, 1)


def _reads(network: Network, day: datetime.date = LATER) -> tuple[Decimal, int]:
    fresh = Network.objects.get(pk=network.pk)  # no prefetch, as a booking's event has
    with CaptureQueriesContext(connection) as queries:
        rate = fresh.tax_rate_on(day)
    return rate, sum('"network_taxrate"' in q["sql"] for q in queries.captured_queries)


@pytest.fixture
def shared_cache(settings: Any) -> None:
    settings.REDIS_URL = "redis://shared.example:6379/0"  # the tests' own cache stands in for it
    cache.clear()


def test_read_once_then_kept(world: Any, shared_cache: None) -> None:
    assert _reads(world.uk) == (Decimal("0.2000"), 1)
    assert _reads(world.uk) == (Decimal("0.2000"), 0)
    assert _reads(world.ie)[1] == 1  # each network its own


def test_a_new_or_deleted_rate_is_seen_at_once(world: Any, shared_cache: None) -> None:
    _reads(world.uk)
    tax_rate_set(
        actor=world.coordinator_uk, network=world.uk, rate=Decimal("0.175"), valid_from=LATER
    )
    assert _reads(world.uk) == (Decimal("0.1750"), 1)
    assert _reads(world.uk, LATER - datetime.timedelta(days=1))[0] == Decimal("0.2000")
    TaxRate.objects.filter(network=world.uk, valid_from=LATER).get().delete()
    assert _reads(world.uk) == (Decimal("0.2000"), 1)


def test_a_prefetch_is_used_as_before(world: Any, shared_cache: None) -> None:
    network = Network.objects.prefetch_related("tax_rates").get(pk=world.uk.pk)
    with CaptureQueriesContext(connection) as queries:
        assert network.tax_rate_on(LATER) == Decimal("0.2000")
    assert not queries.captured_queries


def test_without_a_shared_cache_every_read_asks_the_database(world: Any, settings: Any) -> None:
    settings.REDIS_URL = ""
    assert _reads(world.uk)[1] == 1
    assert _reads(world.uk)[1] == 1
