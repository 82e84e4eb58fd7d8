"""Results others see are published snapshots (decision 0033): one more answer changes nothing
until at least the people threshold have joined or changed in a figure; suppressed figures stay
suppressed; pooled figures (a Recovery College, a network) are built from the collections'
published figures only, and are seen only by the people allowed."""

import pytest

from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AggregateSnapshot
from recoverynet.outcomes import selectors, services
from recoverynet.outcomes.models import Collection
from tests.conftest import sign_in

from .conftest import answer_both, make_cohort

pytestmark = pytest.mark.django_db


@pytest.fixture
def growing(ow):
    """20 students in a collection; 10 answered both times (all improved) and it is published."""
    collection, users = make_cohort(ow, 20)
    for user in users[:10]:
        answer_both(ow, collection, user, 2, 3)
    services.results_publish(actor=ow.lead_a, collection=collection)
    ow.growing, ow.users = collection, users
    return ow


def figures(ow, actor=None):
    [result] = selectors.cohort_results(actor=actor or ow.staff_a, collection=ow.growing).results
    return result.figures


def test_one_more_answer_changes_nothing_anyone_sees(growing, client):
    before = figures(growing)
    assert before.n_paired == 10
    answer_both(growing, growing.growing, growing.users[10], 5, 1)  # one person, much worse
    assert figures(growing) == before
    assert figures(growing, growing.consultant_uk) == before
    # Publishing again is refused: one person would stand out between the two versions.
    with pytest.raises(ApplicationError) as caught:
        services.results_publish(actor=growing.lead_a, collection=growing.growing)
    assert caught.value.code == "too_little_change" and caught.value.status == 409
    services.snapshots_publish()  # nor does the daily job (it publishes the pools' first)
    assert figures(growing) == before
    with pytest.raises(ApplicationError):
        services.results_publish(actor=growing.lead_a, collection=growing.growing)
    sign_in(client, growing.staff_a)
    html = client.get(f"/outcomes/{growing.growing.public_id}/results/").content.decode()
    assert ">10<" in html and "11" not in html.split('id="figures')[1].split("</table>")[0]


def test_figures_move_once_enough_people_have_changed(growing):
    for user in growing.users[10:18]:  # 8 more: the people threshold
        answer_both(growing, growing.growing, user, 3, 3)
    services.results_publish(actor=growing.lead_a, collection=growing.growing)
    assert figures(growing).n_paired == 18


def test_the_daily_job_publishes_what_it_may(growing):
    for user in growing.users[10:18]:
        answer_both(growing, growing.growing, user, 3, 3)
    assert services.snapshots_publish() >= 1
    assert figures(growing).n_paired == 18
    assert services.snapshots_publish() == 0  # nothing new since


def test_suppressed_figures_stay_suppressed(ow):
    collection, users = make_cohort(ow, 12, title="Small", prefix="small")
    for user in users[:3]:
        answer_both(ow, collection, user, 2, 3)
    services.results_publish(actor=ow.lead_a, collection=collection)
    [r] = selectors.cohort_results(actor=ow.staff_a, collection=collection).results
    assert (r.figures.n_baseline, r.figures.n_paired, r.figures.shown) == (None, None, False)
    for user in users[3:9]:  # 9 answered now, but only 6 changed since the snapshot
        answer_both(ow, collection, user, 2, 3)
    with pytest.raises(ApplicationError):
        services.results_publish(actor=ow.lead_a, collection=collection)
    [r] = selectors.cohort_results(actor=ow.staff_a, collection=collection).results
    assert r.figures.n_paired is None and r.figures.mean_change is None
    # Nothing below the threshold is even stored.
    stored = AggregateSnapshot.objects.filter(kind="outcomes.collection").last()
    cell = next(iter(stored.data["cells"].values()))
    assert cell["figures"]["n_paired"] is None and cell["figures"]["n_baseline"] is None


def test_nothing_is_shown_before_the_first_snapshot(cohort, client):
    assert selectors.cohort_results(actor=cohort.lead_a, collection=cohort.big).results == []
    sign_in(client, cohort.staff_a)
    html = client.get(f"/outcomes/{cohort.big.public_id}/results/").content.decode()
    assert "No figures have been published yet" in html
    assert "Update the figures" not in html  # staff follow up; they do not publish


def test_only_planners_publish(cohort, client):
    with pytest.raises(ApplicationError) as caught:
        services.results_publish(actor=cohort.staff_a, collection=cohort.big)
    assert caught.value.status == 403
    sign_in(client, cohort.staff_a)
    response = client.post(f"/outcomes/{cohort.big.public_id}/results/publish/")
    assert response.status_code == 404
    assert not AggregateSnapshot.objects.filter(kind="outcomes.collection").exists()


def test_publishing_on_the_page(cohort, client):
    sign_in(client, cohort.lead_a)
    response = client.post(f"/outcomes/{cohort.big.public_id}/results/publish/", follow=True)
    html = response.content.decode()
    assert "The figures are updated." in html and "These figures were published on" in html
    again = client.post(f"/outcomes/{cohort.big.public_id}/results/publish/", follow=True)
    assert "cannot be updated yet" in again.content.decode()


# --- Pools ----------------------------------------------------------------------------------------


@pytest.fixture
def pooled(cohort):
    """Two collections of the same college (org_a): the cohort's 10 and 9 more people."""
    second, users = make_cohort(cohort, 9, title="Second course", prefix="second")
    for user in users:
        answer_both(cohort, second, user, 3, 3)
    Collection.objects.filter(pk__in=[cohort.big.pk, second.pk]).update(
        pool_key="college-alpha", pool_label="Alpha Recovery College"
    )
    cohort.second = second
    return cohort


def pool_figures(ow, pool, actor=None):
    [r] = selectors.pool_results(actor=actor or ow.lead_a, pool=pool).results
    return r.figures


def test_college_pool_uses_only_published_collection_figures(pooled):
    pool = selectors.pool_get(actor=pooled.lead_a, organisation=pooled.org_a, key="college-alpha")
    services.results_publish(actor=pooled.lead_a, collection=pooled.big)
    services.pool_publish(actor=pooled.lead_a, pool=pool)
    assert pool_figures(pooled, pool).n_paired == 10  # the second course has published nothing
    services.results_publish(actor=pooled.lead_a, collection=pooled.second)
    services.pool_publish(actor=pooled.lead_a, pool=pool)
    assert pool_figures(pooled, pool).n_paired == 19
    assert selectors.pool_counts(pool=pool) == (2, 1)
    with pytest.raises(ApplicationError) as caught:
        services.pool_publish(actor=pooled.lead_a, pool=pool)
    assert caught.value.code == "too_little_change"


def test_network_pool_for_the_network_team_only(pooled, client):
    services.snapshots_publish()
    pool = selectors.network_pool_get(actor=pooled.consultant_uk, slug="uk")
    assert pool_figures(pooled, pool, pooled.consultant_uk).n_paired == 19
    for user in (pooled.staff_a, pooled.lead_a, pooled.lead_b, pooled.coordinator_ie):
        sign_in(client, user)
        assert client.get("/networks/uk/outcomes/results/").status_code == 404
    sign_in(client, pooled.coordinator_uk)
    html = client.get("/networks/uk/outcomes/results/").content.decode()
    assert "19" in html and "From 2 collections of 1 organisation" in html


def test_college_pool_for_the_organisation_and_network_team(pooled, client):
    services.snapshots_publish()
    url = "/organisations/alpha-nhs-trust/outcomes/pools/college-alpha/"
    for user, status in (
        (pooled.staff_a, 200),
        (pooled.consultant_uk, 200),
        (pooled.lead_b, 404),
        (pooled.coordinator_ie, 404),
    ):
        client.force_login(user)
        assert client.get(url).status_code in ((status,) if status == 200 else (403, 404))
    client.force_login(pooled.staff_a)
    assert client.get("/organisations/alpha-nhs-trust/outcomes/pools/nowhere/").status_code == 404
    html = client.get("/organisations/alpha-nhs-trust/outcomes/").content.decode()
    assert "Alpha Recovery College: all its courses together" in html


def test_only_planners_publish_a_pool(pooled, client):
    client.force_login(pooled.staff_a)
    url = "/organisations/alpha-nhs-trust/outcomes/pools/college-alpha/publish/"
    assert client.post(url).status_code in (403, 404)
    client.force_login(pooled.consultant_uk)  # the team sees a network, only coordinators publish
    assert client.post("/networks/uk/outcomes/results/publish/").status_code in (403, 404)
    assert not AggregateSnapshot.objects.filter(kind="outcomes.pool").exists()
