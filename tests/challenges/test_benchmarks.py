import datetime
import itertools
from collections import Counter

import pytest
from django.test import Client

from recoverynet.challenges import services
from recoverynet.challenges.benchmarks import benchmark_publish, network_benchmark
from recoverynet.challenges.models import Consensus
from recoverynet.core import aggregates
from recoverynet.core.errors import ApplicationError
from recoverynet.core.models import AuditEntry
from recoverynet.network import services as network_services
from recoverynet.network.models import Membership
from tests.conftest import make_user, token_client

from .conftest import agree_all

pytestmark = pytest.mark.django_db


def closed_round(world, org, framework, value, lead=None, changed=None):
    """A closed round agreeing `value` everywhere, except `changed`: {(challenge number, level
    key): value}."""
    lead = lead or world.admin
    round_ = services.round_start(
        actor=lead, organisation=org, framework=framework, title=f"R {org.name}"
    )
    agree_all(lead, round_, value=value)
    for (number, level_key), other in (changed or {}).items():
        services.consensus_set(
            actor=lead,
            round_=round_,
            challenge_id=framework.challenges.get(number=number).pk,
            level_key=level_key,
            value=other,
        )
    return services.round_close(actor=lead, round_=round_)


def members(world, n):
    orgs = [world.org_a, world.org_b]
    for i in range(n - 2):
        org = network_services.organisation_create(
            actor=world.admin, name=f"Member {i}", kind="nhs", country="England"
        )
        network_services.membership_create(
            actor=world.admin,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=datetime.date(2020, 1, 1),
        )
        orgs.append(org)
    return orgs


def publish(world, framework):
    return benchmark_publish(actor=world.coordinator_uk, network=world.uk, framework=framework)


def test_suppressed_below_five_organisations_and_shown_at_five(world, framework, settings):
    settings.SNAPSHOT_MIN_CHANGE = 1  # (raised to 2 by the helper) so each step can be published
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3], orgs[:4], strict=True):
        closed_round(world, org, framework, value)
    publish(world, framework)
    four = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert four.contributors == 4 and all(c.suppressed and c.median is None for c in four.cells)
    closed_round(world, orgs[4], framework, 4)
    with pytest.raises(ApplicationError) as refused:
        publish(world, framework)  # one organisation more is too little change
    assert refused.value.code == "too_little_change" and refused.value.status == 409
    closed_round(world, orgs[0], framework, 1)  # a newer round with the same ratings: no change
    with pytest.raises(ApplicationError):
        publish(world, framework)
    closed_round(world, orgs[0], framework, 2)  # a changed rating counts as a change
    publish(world, framework)
    five = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    cell = five.cells[0]
    assert not cell.suppressed and cell.contributors == 5
    assert (cell.lower_quartile, cell.median, cell.upper_quartile) == (2.0, 2.0, 3.0)
    assert cell.named == {}  # members see no names
    team = network_benchmark(actor=world.consultant_uk, network=world.uk, framework=framework)
    assert team.cells[0].named["Alpha NHS Trust"] == 2


def test_only_latest_whole_organisation_round_counts(world, framework):
    orgs = members(world, 5)
    for org in orgs:
        closed_round(world, org, framework, 1)
    closed_round(world, orgs[0], framework, 4)  # a later round replaces the earlier one
    team_round = services.round_start(
        actor=world.admin,
        organisation=orgs[1],
        framework=framework,
        title="Team",
        team_name="Crisis team",
    )
    agree_all(world.admin, team_round, value=4)
    services.round_close(actor=world.admin, round_=team_round)
    publish(world, framework)
    result = network_benchmark(actor=world.coordinator_uk, network=world.uk, framework=framework)
    assert result.contributors == 5
    assert sorted(result.cells[0].named.values()) == [1, 1, 1, 1, 4]


def test_benchmark_access(world, framework):
    for user in (world.outsider, world.lead_ie, world.coordinator_ie):
        with pytest.raises(ApplicationError):
            network_benchmark(actor=user, network=world.uk, framework=framework)
    client = token_client(world.staff_a)
    body = client.get(f"/api/v1/networks/uk/benchmarks/{framework.pk}").json()
    assert body["minimum_organisations"] == 5 and body["cells"][0]["suppressed"] is True
    assert body["published_at"] is None and body["changes_since"] is None
    other = token_client(make_user("x@example.org"))
    assert other.get(f"/api/v1/networks/uk/benchmarks/{framework.pk}").status_code == 403


# --- Snapshots: the differencing attack (issue #9) --------------------------------------------------


def varied_round(world, org, framework, seed):
    """A closed round whose agreed ratings differ from cell to cell and organisation to organisation."""
    round_ = services.round_start(
        actor=world.admin, organisation=org, framework=framework, title=f"R {org.name}"
    )
    for i, (challenge, level) in enumerate(
        itertools.product(framework.challenges.all(), framework.levels.all())
    ):
        services.consensus_set(
            actor=world.admin,
            round_=round_,
            challenge_id=challenge.pk,
            level_key=level.key,
            value=1 + (seed * 7 + i * 3 + seed * i) % 4,
        )
    return services.round_close(actor=world.admin, round_=round_)


def figures(cell):
    return (cell.median, cell.lower_quartile, cell.upper_quartile)


def consistent(n, shown, step):
    """Every multiset of n ratings (1 to 4) whose median and quartiles are what was shown."""
    for combo in itertools.combinations_with_replacement(range(1, 5), n):
        spread = aggregates.spread(combo, minimum=1, step=step)
        if (spread.median, spread.lower_quartile, spread.upper_quartile) == shown:
            yield Counter(combo)


def derive(before, n_before, after, n_after, step):
    """The attacker: which ratings could the one organisation that left have had?"""
    if n_before != n_after + 1:
        return set()
    candidates = set()
    later = list(consistent(n_after, after, step))
    for m1 in consistent(n_before, before, step):
        for m2 in later:
            if not (m2 - m1) and sum((m1 - m2).values()) == 1:
                candidates.update(m1 - m2)
    return candidates


def test_departure_cannot_be_differenced_out_of_two_benchmarks(world, framework):
    orgs = members(world, 6)
    for seed, org in enumerate(orgs):
        varied_round(world, org, framework, seed)
    departed = orgs[-1]
    truth = {
        (c.challenge.number, c.level.key): c.value
        for c in departed.assessment_rounds.get().consensus.select_related("challenge", "level")
    }
    publish(world, framework)
    before = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert before.contributors == 6 and not any(c.suppressed for c in before.cells)

    # How the attack worked on live, exact figures: the same data recomputed without the departed
    # organisation pins its rating in many cells. (This shows the attacker below is a real one.)
    pinned = 0
    for cell in before.cells:
        key = (cell.challenge_number, cell.level_key)
        everyone = [
            c.value
            for c in Consensus.objects.filter(
                challenge__number=key[0], level__key=key[1], round__organisation__in=orgs
            )
        ]
        remaining = list(everyone)
        remaining.remove(truth[key])
        exact_before = aggregates.spread(everyone, minimum=5, step=None)
        exact_after = aggregates.spread(remaining, minimum=5, step=None)
        found = derive(figures(exact_before), 6, figures(exact_after), 5, None)
        if found == {truth[key]}:
            pinned += 1
    assert pinned >= 5, pinned

    # The organisation's membership ends (the public memberships list shows it).
    network_services.membership_end(
        actor=world.coordinator_uk,
        membership=Membership.objects.get(organisation=departed, network=world.uk),
        end_date=datetime.date.today() - datetime.timedelta(days=1),
    )
    # The team is told how little has changed, and publishing again is refused.
    team_view = network_benchmark(actor=world.coordinator_uk, network=world.uk, framework=framework)
    assert team_view.changes_since == 1 and not team_view.can_publish
    with pytest.raises(ApplicationError) as refused:
        publish(world, framework)
    assert refused.value.code == "too_little_change"
    client = token_client(world.coordinator_uk)
    response = client.post(f"/api/v1/networks/uk/benchmarks/{framework.pk}/snapshots")
    assert response.status_code == 409 and response.json()["code"] == "too_little_change"

    # The member records the benchmark again: nothing has moved, so nothing can be derived.
    after = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert after.contributors == 6 and after.published_at == before.published_at
    for b, a in zip(before.cells, after.cells, strict=True):
        assert figures(a) == figures(b)
        key = (b.challenge_number, b.level_key)
        found = derive(figures(b), b.contributors, figures(a), a.contributors, "0.5")
        assert found == set()  # not a single cell gives the departed organisation's rating away


def test_a_new_snapshot_once_enough_organisations_changed(world, framework, settings):
    settings.SNAPSHOT_MIN_CHANGE = 3
    orgs = members(world, 7)
    for seed, org in enumerate(orgs[:5]):
        varied_round(world, org, framework, seed)
    first = publish(world, framework)
    assert AuditEntry.objects.filter(action="core.snapshot.published").count() == 1
    varied_round(world, orgs[5], framework, 11)
    varied_round(world, orgs[6], framework, 12)
    view = network_benchmark(actor=world.coordinator_uk, network=world.uk, framework=framework)
    assert (view.changes_since, view.min_change, view.can_publish) == (2, 3, False)
    varied_round(world, orgs[0], framework, 13)  # a newer round from a contributor
    client = token_client(world.coordinator_uk)
    response = client.post(f"/api/v1/networks/uk/benchmarks/{framework.pk}/snapshots")
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["contributors"] == 7 and body["changes_since"] == 0
    assert all(
        v is None or (v * 2).is_integer()
        for c in body["cells"]
        for v in (c["median"], c["lower_quartile"], c["upper_quartile"])
    )
    assert first.pk != aggregates.snapshot_latest(kind=first.kind, scope=first.scope).pk


def test_only_coordinators_publish(world, framework):
    for user in (world.lead_a, world.staff_a, world.consultant_uk, world.coordinator_ie):
        with pytest.raises(ApplicationError) as denied:
            benchmark_publish(actor=user, network=world.uk, framework=framework)
        assert denied.value.status == 403
    client = token_client(world.lead_a)
    assert (
        client.post(f"/api/v1/networks/uk/benchmarks/{framework.pk}/snapshots").status_code == 403
    )
    assert not AuditEntry.objects.filter(action="core.snapshot.published").exists()


def test_a_cell_changes_only_where_enough_organisations_changed_their_rating(
    world, framework, settings
):
    """Every organisation closes a new round. The first cell changes for all six, so its figure is
    refreshed; in every other cell only two changed (fewer than five), so those keep their
    published figures and the two cannot be differenced out."""
    settings.SNAPSHOT_MIN_CHANGE = 5
    orgs = members(world, 6)
    for org in orgs:
        closed_round(world, org, framework, 2)
    publish(world, framework)
    before = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    first = (before.cells[0].challenge_number, before.cells[0].level_key)
    for org in orgs[:4]:
        closed_round(world, org, framework, 2, changed={first: 4})
    for org in orgs[4:]:
        closed_round(world, org, framework, 4)
    publish(world, framework)
    after = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert after.cells[0].median == 4.0  # refreshed: six of six changed it
    assert before.cells[1].upper_quartile == 2.0
    for was, now in zip(before.cells[1:], after.cells[1:], strict=True):
        assert (now.median, now.lower_quartile, now.upper_quartile) == (
            was.median,
            was.lower_quartile,
            was.upper_quartile,
        )  # two organisations' changes are not shown, so they cannot be differenced out


def test_the_organisations_threshold_is_a_setting(world, framework, settings):
    """Three organisations: hidden with the default threshold (5), shown once the setting is 3; the
    page and the API say which threshold applied."""
    settings.SNAPSHOT_MIN_CHANGE = 1
    orgs = members(world, 3)
    for value, org in zip([1, 2, 3], orgs, strict=True):
        closed_round(world, org, framework, value)
    publish(world, framework)
    hidden = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert hidden.minimum == 5 and all(c.suppressed for c in hidden.cells)
    settings.SUPPRESS_ORGANISATIONS_BELOW = 3
    closed_round(world, orgs[0], framework, 2)  # enough change for a new snapshot
    closed_round(world, orgs[1], framework, 3)
    publish(world, framework)
    shown = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert shown.minimum == 3 and not any(c.suppressed for c in shown.cells)
    assert {c.median for c in shown.cells} == {3.0}
    page = Client()
    page.force_login(world.lead_a)
    html = page.get(f"/networks/{world.uk.slug}/benchmark/").content.decode()
    assert "at least 3 organisations took part" in html
