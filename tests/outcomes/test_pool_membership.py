"""A network's pooled results count only the organisations that are members when they are
published (decision 0043). A published snapshot is history and stays; the next publication leaves
a former member out, and its people leaving count towards the minimum change, so leaving cannot
be used to work out its figures by comparing two versions."""

import datetime

import pytest
from django.utils import timezone

from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError
from recoverynet.network import services as network_services
from recoverynet.network.models import Membership
from recoverynet.outcomes import selectors, services
from tests.conftest import sign_in

from .conftest import answer_both, load_wording, make_cohort

pytestmark = pytest.mark.django_db


def beta_cohort(ow, learners):
    """A collection at org_b (the UK network's other member) whose `learners` answered twice."""
    load_wording(ow.lead_b, ow.org_b, "swemwbs")
    collection, users = make_cohort(
        ow, learners, title="Beta course", prefix="beta", organisation=ow.org_b, lead=ow.lead_b
    )
    for user in users:
        answer_both(ow, collection, user, 1, 1)
    return collection


def end_membership(ow, organisation):
    membership = Membership.objects.get(organisation=organisation, network__slug="uk")
    network_services.membership_end(
        actor=ow.admin,
        membership=membership,
        end_date=timezone.localdate() - datetime.timedelta(days=1),
    )


def network_figures(ow):
    pool = selectors.network_pool_get(actor=ow.coordinator_uk, slug="uk")
    return pool, selectors.pool_results(actor=ow.coordinator_uk, pool=pool)


def test_an_organisation_that_left_is_not_counted_next_time(cohort):
    beta_cohort(cohort, 9)
    services.snapshots_publish()
    pool, found = network_figures(cohort)
    assert found.results[0].figures.n_paired == 19
    assert selectors.pool_counts(pool=pool) == (2, 2)
    first = aggregates.snapshot_latest(kind="outcomes.pool", scope=pool.scope)

    end_membership(cohort, cohort.org_b)
    services.pool_publish(actor=cohort.coordinator_uk, pool=pool)  # 9 people left: enough
    pool, found = network_figures(cohort)
    assert found.results[0].figures.n_paired == 10
    assert selectors.pool_counts(pool=pool) == (1, 1)
    first.refresh_from_db()  # the earlier snapshot is history: it stays as it was
    assert first.data["organisations"] == 2


def test_a_small_leaver_withholds_the_figure_until_enough_change(cohort, client):
    """Five people leaving is fewer than the minimum change: new figures without them could be
    compared with the last ones, so the figure is withheld (not shown, not counting them) until
    at least 8 people have joined or left since it was shown."""
    beta_cohort(cohort, 5)
    services.snapshots_publish()
    pool, found = network_figures(cohort)
    assert found.results[0].figures.n_paired == 15

    end_membership(cohort, cohort.org_b)
    services.pool_publish(actor=cohort.coordinator_uk, pool=pool)
    pool, found = network_figures(cohort)
    assert found.results == [] and found.withheld == 1
    assert selectors.pool_counts(pool=pool) == (1, 1)
    with pytest.raises(ApplicationError) as caught:  # nothing more has changed
        services.pool_publish(actor=cohort.coordinator_uk, pool=pool)
    assert caught.value.code == "too_little_change"
    sign_in(client, cohort.coordinator_uk)
    html = client.get("/networks/uk/outcomes/results/").content.decode()
    assert "1 figure is not shown for now" in html
    api = client.get("/api/v1/networks/uk/outcomes/results").json()
    assert api["withheld"] == 1 and api["results"] == []

    # Three more people at a member organisation: 5 left + 3 joined = 8 changed, so it comes back.
    third, users = make_cohort(cohort, 3, title="Third course", prefix="third")
    for user in users:
        answer_both(cohort, third, user, 2, 3)
    services.results_publish(actor=cohort.lead_a, collection=third)
    services.pool_publish(actor=cohort.coordinator_uk, pool=pool)
    pool, found = network_figures(cohort)
    assert found.withheld == 0 and found.results[0].figures.n_paired == 13
    assert selectors.pool_counts(pool=pool) == (2, 1)
