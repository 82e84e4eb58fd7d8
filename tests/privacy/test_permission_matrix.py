"""Who may open the privacy pages (issue #16): the public page is for everyone; the record of
processing, retention rules and postal requests only for the network team."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import sign_in
from tests.permissions import EVERYONE, SIGNED_IN, TEAM, Rule, assert_matrix

pytestmark = pytest.mark.django_db


def test_privacy_pages_matrix(world):
    assert_matrix(
        world,
        [
            Rule("/manage/privacy/", TEAM),
            Rule("/manage/privacy/retention/", TEAM),
            Rule("/manage/privacy/requests/", TEAM),
            Rule("/me/data/", SIGNED_IN),
        ],
    )


def test_the_public_privacy_page_is_for_everyone(world):
    for role in EVERYONE:
        assert world.client_for(role).get("/privacy/").status_code == 200


def test_the_map_pages_do_not_query_per_declaration(world, client):
    """The record of processing and the public page are built from the map in memory."""
    with CaptureQueriesContext(connection) as public:
        assert client.get("/privacy/").status_code == 200
    assert len(public) <= 3
    team = sign_in(client, world.coordinator_uk)
    with CaptureQueriesContext(connection) as record:
        assert team.get("/manage/privacy/").status_code == 200
    assert len(record) <= 12


def test_the_retention_page_counts_each_rule_once(world, client):
    from recoverynet.core.privacy.registry import rules

    team = sign_in(client, world.coordinator_uk)
    with CaptureQueriesContext(connection) as queries:
        assert team.get("/manage/privacy/retention/").status_code == 200
    # one count per rule (and one look-up of per-row periods for a rule that has them)
    assert len(queries) <= len(rules()) + 15
