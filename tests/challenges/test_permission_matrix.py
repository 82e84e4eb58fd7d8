"""Self-assessment pages and endpoints × every role (extends tests/permissions.py)."""

import pytest

from tests.permissions import EVERYONE, Rule, assert_matrix

pytestmark = pytest.mark.django_db

# The organisation's recovery lead and staff (peer workers too), the UK network team, administrators.
ORG_A_VIEWERS = frozenset(
    {"lead_a", "staff_a", "editor_uk", "consultant_uk", "coordinator_uk", "admin"}
)
ORG_A_FACILITATORS = frozenset({"lead_a", "coordinator_uk", "admin"})


def test_challenges_matrix(world, framework, round_):
    r = round_.public_id
    rules = [
        Rule("/frameworks/", EVERYONE),
        Rule(f"/frameworks/{framework.pk}/", EVERYONE),
        Rule(f"/organisations/{world.org_a.slug}/self-assessment/", ORG_A_VIEWERS),
        Rule(f"/organisations/{world.org_a.slug}/self-assessment/start/", ORG_A_FACILITATORS),
        Rule(f"/self-assessment/{r}/", ORG_A_VIEWERS),
        Rule(f"/self-assessment/{r}/ratings/", ORG_A_VIEWERS),
        # Only invited raters rate: the lead started the round, so is its first rater.
        Rule(f"/self-assessment/{r}/rate/", frozenset({"lead_a"})),
        Rule("/api/v1/frameworks", EVERYONE, api=True),
        Rule(f"/api/v1/organisations/{world.org_a.slug}/assessments", ORG_A_VIEWERS, api=True),
        Rule(f"/api/v1/assessments/{r}", ORG_A_VIEWERS, api=True),
        Rule(f"/api/v1/assessments/{r}/ratings", ORG_A_VIEWERS, api=True),
    ]
    assert_matrix(world, rules)
