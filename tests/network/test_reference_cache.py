"""Roles, networks and frameworks are kept in the shared cache (issue #17: read on every signed-in
request) and read afresh after any save or delete, whoever makes it: a service, the admin site or a
command (they are signals, not service calls)."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from recoverynet.accounts.models import User
from recoverynet.challenges import frameworks
from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.challenges import services as challenge_services
from recoverynet.challenges.models import Challenge
from recoverynet.network import access, selectors
from recoverynet.network.models import NetworkRole, NetworkRoleKind, TaxRate

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.usefixtures("shared_cache")]


def _team(user: User) -> dict[int, frozenset[str]]:
    return access.roles(User.objects.get(pk=user.pk)).team  # a new request: a fresh user object


def test_roles_are_kept_and_a_removed_role_is_gone_at_once(world: Any) -> None:
    coordinator = world.coordinator_uk
    assert world.uk.pk in _team(coordinator)
    with CaptureQueriesContext(connection) as queries:
        _team(coordinator)
    assert not [q for q in queries.captured_queries if "network_networkrole" in q["sql"]]
    NetworkRole.objects.filter(user=coordinator, network=world.uk).delete()
    assert world.uk.pk not in _team(coordinator)
    NetworkRole.objects.create(user=coordinator, network=world.uk, role=NetworkRoleKind.COORDINATOR)
    assert world.uk.pk in _team(coordinator)


def test_a_renamed_network_and_a_new_tax_rate_show_at_once(world: Any) -> None:
    before = selectors.network_get(world.uk.slug)
    world.uk.name = "Recovery network, renamed"
    world.uk.save()
    TaxRate.objects.create(network=world.uk, rate=Decimal("0.25"), valid_from=before.today())
    after = selectors.network_get(world.uk.slug)
    assert after.name == "Recovery network, renamed"
    assert after.tax_rate_on() == Decimal("0.25")


def test_a_changed_challenge_title_shows_at_once(world: Any) -> None:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    titles = challenge_selectors.ten_challenge_titles()
    assert challenge_selectors.framework_get(framework.pk).challenges.count() == 10
    challenge = Challenge.objects.get(framework=framework, number=3)
    challenge.title = "A new wording"
    challenge.save()
    assert titles[3] != "A new wording"
    assert challenge_selectors.ten_challenge_titles()[3] == "A new wording"
    kept = challenge_selectors.framework_get(framework.pk)
    assert [c.title for c in kept.challenges.all() if c.number == 3] == ["A new wording"]
