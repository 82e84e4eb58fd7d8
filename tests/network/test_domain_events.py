"""membership.started is announced after commit when a membership is added."""

import datetime

import pytest

from recoverynet.core import domain_events
from recoverynet.core.errors import ApplicationError
from recoverynet.network import services
from recoverynet.network.domain_events import MEMBERSHIP_STARTED
from recoverynet.network.models import OrganisationKind

pytestmark = pytest.mark.django_db

START = datetime.date(2026, 4, 1)


@pytest.fixture
def announced():
    got = []
    domain_events.subscribe(MEMBERSHIP_STARTED.name, got.append)
    yield got
    domain_events.unsubscribe(got.append)


def test_a_new_membership_is_announced(world, announced, django_capture_on_commit_callbacks):
    org = services.organisation_create(
        actor=world.coordinator_uk, name="Gamma", kind=OrganisationKind.OTHER, country="Wales"
    )
    with django_capture_on_commit_callbacks(execute=True):
        membership = services.membership_create(
            actor=world.coordinator_uk,
            organisation=org,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=START,
            valid_to=datetime.date(2027, 3, 31),
        )
        assert announced == []
    assert [(e.type, e.network_slug, dict(e.data)) for e in announced] == [
        (
            "membership.started",
            "uk",
            {
                "membership_id": membership.pk,
                "organisation_id": org.pk,
                "tier": world.uk_member_tier.slug,
                "starts_on": "2026-04-01",
                "ends_on": "2027-03-31",
            },
        )
    ]


def test_a_refused_membership_announces_nothing(
    world, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        services.membership_create(  # Alpha already has a current UK membership
            actor=world.coordinator_uk,
            organisation=world.org_a,
            network=world.uk,
            tier=world.uk_member_tier,
            valid_from=START,
        )
    assert announced == []


def test_someone_outside_the_network_team_starts_no_membership(
    world, announced, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ApplicationError):
        services.membership_create(
            actor=world.outsider,
            organisation=world.org_b,
            network=world.ie,
            tier=world.ie_tier,
            valid_from=START,
        )
    assert announced == []
