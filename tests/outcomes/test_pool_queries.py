"""The pool pages and their API lists cost the same number of queries however many collections,
colleges and member organisations there are (a pool is read from its one published snapshot)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoverynet.core.models import AggregateSnapshot
from recoverynet.network import services as network_services
from recoverynet.outcomes import services
from recoverynet.outcomes.models import Collection

from .conftest import load_wording, plans

pytestmark = pytest.mark.django_db

PAGES = (
    "/organisations/alpha-nhs-trust/outcomes/pools/college-alpha/",
    "/networks/uk/outcomes/results/",
    "/api/v1/organisations/alpha-nhs-trust/outcomes/pools",
    "/api/v1/organisations/alpha-nhs-trust/outcomes/pools/college-alpha/results",
    "/api/v1/networks/uk/outcomes/results",
)


def grow(ow, n, start):
    """`n` more collections in the Alpha college pool, `n` more colleges (pools) at org_a, and `n`
    more UK member organisations with a collection each; then every figure published afresh."""
    for i in range(start, start + n):
        for key in ("college-alpha", f"college-{i}"):
            collection = services.collection_create(
                actor=ow.lead_a,
                organisation=ow.org_a,
                title=f"Course {key} {i}",
                instruments=[ow.swemwbs],
                source_kind="team",
                source_ref="team",
                timepoints=plans(),
                retain_until=timezone.localdate() + datetime.timedelta(days=400),
            )
            Collection.objects.filter(pk=collection.pk).update(
                pool_key=key, pool_label=f"College {key}"
            )
            services.results_publish(actor=ow.lead_a, collection=collection)
        organisation = network_services.organisation_create(
            actor=ow.admin, name=f"Member {i}", kind="charity", country="England"
        )
        network_services.membership_create(
            actor=ow.admin,
            organisation=organisation,
            network=ow.uk,
            tier=ow.uk_member_tier,
            valid_from=datetime.date(2020, 1, 1),
        )
        load_wording(ow.admin, organisation, "swemwbs")
        member_collection = services.collection_create(
            actor=ow.admin,
            organisation=organisation,
            title=f"Member {i} team",
            instruments=[ow.swemwbs],
            source_kind="team",
            source_ref="team",
            timepoints=plans(),
            retain_until=timezone.localdate() + datetime.timedelta(days=400),
        )
        services.results_publish(actor=ow.admin, collection=member_collection)
    AggregateSnapshot.objects.filter(kind="outcomes.pool").delete()
    services.snapshots_publish()


def counts(client):
    found = []
    for url in PAGES:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        assert response.status_code == 200, url
        found.append(len(queries))
    return found


def test_pool_pages_and_lists_cost_the_same_for_few_or_many(cohort, client):
    client.force_login(cohort.consultant_uk)  # sees both the college's and the network's pools
    Collection.objects.filter(pk=cohort.big.pk).update(
        pool_key="college-alpha", pool_label="Alpha Recovery College"
    )
    grow(cohort, 1, 0)
    counts(client)  # warm the caches (roles, site settings)
    few = counts(client)
    grow(cohort, 4, 1)
    many = counts(client)
    assert many == few
    pools = client.get(PAGES[2]).json()
    assert len(pools) == 6  # Alpha and one more college per grown collection
    network = client.get(PAGES[4]).json()
    assert network["collections"] == 16 and network["organisations"] == 6
    college = client.get(PAGES[3]).json()
    assert college["collections"] == 6
