"""Agreeing many cells at once, and the heat map (issue #15)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.challenges import agreeing, selectors, services
from recoverynet.challenges.models import Consensus, RoundStatus
from recoverynet.core.errors import ApplicationError, PermissionDenied
from recoverynet.core.models import AuditEntry
from tests.conftest import sign_in, token_client

from .conftest import cell

pytestmark = pytest.mark.django_db


def _rate(world, round_, framework, values_by_cell):
    """Raters by link, each rating the given cells: {(number, level): [v1, v2, ...]}."""
    count = max(len(v) for v in values_by_cell.values())
    raters = [
        services.rater_invite_by_link(actor=world.lead_a, round_=round_, name=f"R{i}").rater
        for i in range(count)
    ]
    for (number, level), values in values_by_cell.items():
        for rater, value in zip(raters, values, strict=False):
            services.rating_save(
                rater=rater, challenge_id=cell(framework, number)[0], level_key=level, value=value
            )
    return raters


@pytest.fixture
def rated(world, framework, round_):
    _rate(
        world,
        round_,
        framework,
        {
            (1, "practice"): [3, 3, 3],  # same: agree 3
            (2, "practice"): [2, 3, 2],  # within 1: agree 2
            (3, "practice"): [1, 4, 2],  # 3 apart: one by one
            (4, "practice"): [2, 3],  # median 2.5: one by one
        },
    )
    return round_


def _keys(framework, *numbers):
    return [f"{cell(framework, n)[0]}-practice" for n in numbers]


def test_only_cells_whose_ratings_agree_are_proposed(world, framework, rated):
    grid = selectors.round_grid(actor=world.lead_a, round_=rated)
    found = {(p.cell.challenge.number, p.cell.level.key): p.value for p in agreeing.proposals(grid)}
    assert found == {(1, "practice"): 3, (2, "practice"): 2}


def test_agree_every_proposal_at_once(world, framework, rated):
    made = services.consensus_agree_many(actor=world.lead_a, round_=rated)
    assert sorted((c.challenge.number, c.value) for c in made) == [(1, 3), (2, 2)]
    assert all("middle of" in c.rationale for c in made)
    entry = AuditEntry.objects.get(action="challenges.consensus.agreed_many")
    assert len(entry.changes["cells"]) == 2
    # Agreed cells are proposed no more; the rest are left for one by one.
    grid = selectors.round_grid(actor=world.lead_a, round_=rated)
    assert agreeing.proposals(grid) == []


def test_a_cell_that_does_not_agree_refuses_the_whole_request(world, framework, rated):
    with pytest.raises(ApplicationError) as exc:
        services.consensus_agree_many(actor=world.lead_a, round_=rated, keys=_keys(framework, 1, 3))
    assert exc.value.field == "cells"
    assert not Consensus.objects.exists()
    with pytest.raises(ApplicationError):
        services.consensus_agree_many(actor=world.lead_a, round_=rated, keys=[])


def test_only_the_facilitator_of_an_open_round(world, framework, rated):
    for who in (world.lead_b, world.staff_a, world.outsider):
        with pytest.raises((PermissionDenied, ApplicationError)):
            services.consensus_agree_many(actor=who, round_=rated)
    rated.status = RoundStatus.CLOSED
    rated.save()
    with pytest.raises(ApplicationError) as exc:
        services.consensus_agree_many(actor=world.lead_a, round_=rated)
    assert exc.value.status == 409
    assert not Consensus.objects.exists()


def test_the_page_agrees_the_ticked_cells(world, framework, rated):
    client = sign_in(Client(), world.lead_a)
    url = reverse("challenges:agree-many", args=[rated.public_id])
    grid_page = client.get(reverse("challenges:round-grid", args=[rated.public_id])).content
    assert b'id="agree-many-link"' in grid_page and b"(2)" in grid_page
    page = client.get(url)
    assert page.status_code == 200
    assert page.content.decode().count('name="cells"') == 2
    response = client.post(url, {"cells": _keys(framework, 2)})
    assert response.status_code == 302 and response["Location"].endswith("#heat-map")
    assert [(c.challenge.number, c.value) for c in Consensus.objects.all()] == [(2, 2)]


def test_the_page_refuses_nothing_ticked_and_strangers(world, framework, rated):
    client = sign_in(Client(), world.lead_a)
    url = reverse("challenges:agree-many", args=[rated.public_id])
    response = client.post(url, {})
    assert response.status_code == 400
    assert "Choose at least one rating to agree." in response.content.decode()
    response = client.post(url, {"cells": ["999999-practice"]})
    assert response.status_code == 400
    assert not Consensus.objects.exists()
    for who in (world.lead_b, world.staff_a):
        assert sign_in(Client(), who).get(url).status_code in (403, 404)


def test_the_api_lists_and_agrees(world, framework, rated):
    client = token_client(world.lead_a)
    base = f"/api/v1/assessments/{rated.public_id}/consensus"
    listed = client.get(f"{base}/agreeing").json()
    assert sorted((p["value"], p["ratings"]) for p in listed) == [(2, 3), (3, 3)]
    one = listed[0]
    response = client.post(
        f"{base}/agree",
        {"cells": [{"challenge": one["challenge"], "level": one["level"]}]},
        content_type="application/json",
    )
    assert response.status_code == 200, response.content
    assert [c["value"] for c in response.json()] == [one["value"]]
    response = client.post(f"{base}/agree", {"every": True}, content_type="application/json")
    assert response.status_code == 200 and len(response.json()) == 1
    response = client.post(f"{base}/agree", {"every": True}, content_type="application/json")
    assert response.status_code == 422  # nothing left to agree together
    response = client.post(f"{base}/agree", {"cells": None}, content_type="application/json")
    assert response.status_code == 422
    assert token_client(world.lead_b).get(f"{base}/agreeing").status_code in (403, 404)


def test_heat_map_shows_spreads_and_keeps_perspectives_suppressed(world, framework, rated):
    html = (
        sign_in(Client(), world.lead_a)
        .get(reverse("challenges:round-grid", args=[rated.public_id]))
        .content.decode()
    )
    assert 'id="heat-map-table"' in html
    assert "heat-3" in html and "heat-0" in html and "heat-none" in html
    assert '3<span class="nhsuk-u-visually-hidden"> apart</span>' in html
    # Raters by link said no perspective; no group's figure can appear.
    assert "Perspectives differ</span>" not in html
