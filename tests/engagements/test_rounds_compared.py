"""The client's self-assessments before and after, compared per challenge and level through the
challenges app's selectors: agreed ratings, or the raters' median only when enough people rated;
on the page (team and client), not for buddying partners or others, and in the API."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from django.test import override_settings
from django.urls import reverse

from recoverynet.challenges import frameworks
from recoverynet.challenges import selectors as challenge_selectors
from recoverynet.challenges import services as challenge_services
from recoverynet.challenges.services.ratings import CellInput
from recoverynet.engagements import selectors, services
from tests.conftest import World, token_client
from tests.engagements.conftest import package


@pytest.fixture
def linked(world: World) -> Any:
    framework = challenge_services.framework_install(data=frameworks.TEN_CHALLENGES)
    one = framework.challenges.get(number=1)
    two = framework.challenges.get(number=2)
    first, second = [lv.key for lv in framework.levels.order_by("order")[:2]]
    rounds = []
    for title, agreed, rated in (("Before", 1, (1, 2)), ("After", 3, (3, 4))):
        round_ = challenge_services.round_start(
            actor=world.lead_a, organisation=world.org_a, framework=framework, title=title
        )
        challenge_services.consensus_set(
            actor=world.lead_a, round_=round_, challenge_id=one.pk, level_key=first, value=agreed
        )
        raters = [
            challenge_selectors.rater_for_user(actor=world.lead_a, round_=round_),
            challenge_services.rater_invite_member(
                actor=world.lead_a, round_=round_, user=world.staff_a
            ),
        ]
        for rater, value in zip(raters, rated, strict=True):
            challenge_services.ratings_save(
                rater=rater, cells=[CellInput(challenge_id=two.pk, level_key=first, value=value)]
            )
        # One person alone rated challenge 2 at the second level: never shown.
        challenge_services.ratings_save(
            rater=raters[0], cells=[CellInput(challenge_id=two.pk, level_key=second, value=4)]
        )
        rounds.append(round_)
    engagement = package(world)
    services.rounds_link(
        actor=world.consultant_uk,
        engagement=engagement,
        before=rounds[0].public_id,
        after=rounds[1].public_id,
    )
    return engagement, first, second


@override_settings(SUPPRESS_PEOPLE_BELOW=2)
def test_the_comparison(world: World, linked: Any) -> None:
    engagement, first, second = linked
    found = selectors.engagement_get(actor=world.consultant_uk, public_id=engagement.public_id)
    result = selectors.rounds_compared(actor=world.consultant_uk, found=found)
    assert result is not None and len(result.rows) == 10
    one = {c.key: c for c in result.rows[0].levels}
    assert one[first].before.source == "agreed" and one[first].change == Decimal(2)
    assert one[first].change_text == "Up 2"
    two = {c.key: c for c in result.rows[1].levels}
    assert two[first].before.value == Decimal("1.5") and two[first].after.value == Decimal("3.5")
    assert two[first].before.source == "median"
    assert two[second].before.source == "hidden" and two[second].change is None
    assert result.improved == 2 and result.declined == 0


@override_settings(SUPPRESS_PEOPLE_BELOW=3)
def test_a_median_of_too_few_people_is_hidden(world: World, linked: Any) -> None:
    engagement, first, _ = linked
    found = selectors.engagement_get(actor=world.lead_a, public_id=engagement.public_id)
    result = selectors.rounds_compared(actor=world.lead_a, found=found)
    assert result is not None
    two = {c.key: c for c in result.rows[1].levels}
    assert two[first].before.source == "hidden" and two[first].before.value is None


@override_settings(SUPPRESS_PEOPLE_BELOW=2)
def test_the_page(world: World, linked: Any) -> None:
    engagement, _, _ = linked
    url = reverse("engagements:rounds-compared", args=[engagement.public_id])
    for who in ("consultant_uk", "lead_a"):
        client = world.client_for(who)
        detail = client.get(reverse("engagements:detail", args=[engagement.public_id]))
        assert url.encode() in detail.content
        page = client.get(url)
        assert page.status_code == 200
        body = page.content.decode()
        assert "Up 2" in body and "Hidden: too few people rated it" in body
    for who in ("lead_b", "editor_uk", "outsider"):
        assert world.client_for(who).get(url).status_code == 404


def test_nothing_to_compare(world: World) -> None:
    engagement = package(world)
    page = world.client_for("consultant_uk").get(
        reverse("engagements:rounds-compared", args=[engagement.public_id])
    )
    assert page.status_code == 200 and b"must be linked" in page.content
    api = token_client(world.consultant_uk).get(
        f"/api/v1/engagements/{engagement.public_id}/self-assessment-comparison"
    )
    assert api.status_code == 204


@override_settings(SUPPRESS_PEOPLE_BELOW=2)
def test_the_api(world: World, linked: Any) -> None:
    engagement, first, second = linked
    url = f"/api/v1/engagements/{engagement.public_id}/self-assessment-comparison"
    answer = token_client(world.lead_a).get(url)
    assert answer.status_code == 200
    data = answer.json()
    assert data["improved"] == 2 and data["minimum"] == 2
    cells = {c["key"]: c for c in data["challenges"][1]["levels"]}
    assert cells[first]["before_source"] == "median" and Decimal(cells[first]["change"]) == 2
    assert cells[second]["before"] is None and cells[second]["before_source"] == "hidden"
    assert token_client(world.lead_b).get(url).status_code == 404
    assert (
        token_client(world.lead_b).get(url.replace(str(engagement.public_id), "x")).status_code
        == 422
    )
