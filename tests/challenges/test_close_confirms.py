"""Closing a round cannot be undone, so it asks first and says what will happen (issue #15)."""

from __future__ import annotations

from django.test import Client

from recoverynet.challenges.models import RoundStatus
from tests.challenges.conftest import agree_all
from tests.conftest import sign_in


def test_closing_a_round_asks_first(world, round_):
    agree_all(world.lead_a, round_)
    client = sign_in(Client(), world.lead_a)
    url = f"/self-assessment/{round_.public_id}/close/"
    asked = client.post(url)
    body = asked.content.decode()
    assert asked.status_code == 200
    assert "Close this self-assessment round?" in body and "nobody can change them" in body
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
    done = client.post(url, {"confirmed": "yes"})
    assert done.status_code == 302
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED


def test_only_the_facilitator_is_asked(world, round_):
    response = sign_in(Client(), world.outsider).post(f"/self-assessment/{round_.public_id}/close/")
    assert response.status_code in (403, 404)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN
