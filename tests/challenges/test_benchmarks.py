import datetime

import pytest
from django.test import Client

from recoverynet.accounts.services import api_token_create
from recoverynet.challenges import services
from recoverynet.challenges.benchmarks import network_benchmark
from recoverynet.core.errors import ApplicationError
from recoverynet.network import services as network_services
from tests.conftest import make_user

from .conftest import agree_all

pytestmark = pytest.mark.django_db


def closed_round(world, org, framework, value, lead=None):
    lead = lead or world.admin
    round_ = services.round_start(
        actor=lead, organisation=org, framework=framework, title=f"R {org.name}"
    )
    agree_all(lead, round_, value=value)
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


def test_suppressed_below_five_organisations_and_shown_at_five(world, framework):
    orgs = members(world, 5)
    for value, org in zip([1, 2, 2, 3], orgs[:4], strict=True):
        closed_round(world, org, framework, value)
    four = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    assert four.contributors == 4 and all(c.suppressed and c.median is None for c in four.cells)
    closed_round(world, orgs[4], framework, 4)
    five = network_benchmark(actor=world.lead_a, network=world.uk, framework=framework)
    cell = five.cells[0]
    assert not cell.suppressed and cell.contributors == 5
    assert (cell.lower_quartile, cell.median, cell.upper_quartile) == (2.0, 2.0, 3.0)
    assert cell.named == {}  # members see no names
    team = network_benchmark(actor=world.consultant_uk, network=world.uk, framework=framework)
    assert team.cells[0].named["Alpha NHS Trust"] == 1


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
    result = network_benchmark(actor=world.coordinator_uk, network=world.uk, framework=framework)
    assert result.contributors == 5
    assert sorted(result.cells[0].named.values()) == [1, 1, 1, 1, 4]


def test_benchmark_access(world, framework):
    for user in (world.outsider, world.lead_ie, world.coordinator_ie):
        with pytest.raises(ApplicationError):
            network_benchmark(actor=user, network=world.uk, framework=framework)
    client = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=world.staff_a, name='t', scopes=['write']).raw}"
    )
    body = client.get(f"/api/v1/networks/uk/benchmarks/{framework.pk}").json()
    assert body["minimum_organisations"] == 5 and body["cells"][0]["suppressed"] is True
    other = Client(
        HTTP_AUTHORIZATION=f"Bearer {api_token_create(actor=make_user('x@example.org'), name='t', scopes=['write']).raw}"
    )
    assert other.get(f"/api/v1/networks/uk/benchmarks/{framework.pk}").status_code == 403
