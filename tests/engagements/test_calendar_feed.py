"""The consultant's secret calendar feed: works without a session cookie, only the digest is kept,
resetting or turning it off stops the old address, access is checked again at every fetch, and
nothing private is in it."""

from __future__ import annotations

import datetime
import json
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from recoverynet.core import tokens
from recoverynet.core.errors import PermissionDenied
from recoverynet.core.models import AuditEntry
from recoverynet.engagements import services
from recoverynet.engagements.models import CalendarFeed, SessionState
from recoverynet.network.models import NetworkRole
from tests.conftest import World, token_client
from tests.engagements.conftest import TODAY, package


def _feed_path(token: str) -> str:
    return reverse("engagements:feed", args=[token])


def test_the_feed_needs_no_cookie_and_keeps_only_a_digest(world: World) -> None:
    engagement = package(world)
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY - datetime.timedelta(days=1),
            consultant=world.consultant_uk,
            days=Decimal("1"),
            place="Alpha House",
            notes="Private note about the chief executive",
            attended_staff=3,
        ),
    )
    token = services.calendar_feed_reset(actor=world.consultant_uk)
    stored = CalendarFeed.objects.get()
    assert stored.token_hash == tokens.digest(token) and token not in stored.token_hash
    answer = Client().get(_feed_path(token))
    assert answer.status_code == 200
    assert answer["Content-Type"].startswith("text/calendar")
    body = answer.content.decode()
    assert "Alpha bespoke package" in body and "Alpha House" in body
    assert "Private note" not in body and "chief executive" not in body
    assert "Cache-Control" in answer and "no-cache" in answer["Cache-Control"]


def test_reset_and_revoke_stop_the_old_address(world: World) -> None:
    first = services.calendar_feed_reset(actor=world.consultant_uk)
    second = services.calendar_feed_reset(actor=world.consultant_uk)
    assert first != second and CalendarFeed.objects.count() == 1
    assert Client().get(_feed_path(first)).status_code == 404
    assert Client().get(_feed_path(second)).status_code == 200
    assert services.calendar_feed_revoke(actor=world.consultant_uk)
    assert Client().get(_feed_path(second)).status_code == 404
    assert not services.calendar_feed_revoke(actor=world.consultant_uk)
    actions = list(AuditEntry.objects.filter(action__startswith="engagements.calendar_feed"))
    assert len(actions) == 3


@pytest.mark.parametrize("token", ["x", "a" * 43, "a" * 300])
def test_unknown_tokens_are_not_found(world: World, token: str) -> None:
    services.calendar_feed_reset(actor=world.consultant_uk)
    assert Client().get(f"/engagements/feed/{token}.ics").status_code == 404


def test_who_may_not_have_a_feed(world: World) -> None:
    for who in ("lead_a", "staff_a", "editor_uk", "outsider"):
        with pytest.raises(PermissionDenied):
            services.calendar_feed_reset(actor=getattr(world, who))
        assert world.client_for(who).get(reverse("engagements:calendar-feed")).status_code == 403
    assert Client().get(reverse("engagements:calendar-feed")).status_code == 302  # sign in


def test_access_is_checked_at_every_fetch(world: World) -> None:
    engagement = package(world)
    services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY - datetime.timedelta(days=1), consultant=world.consultant_uk, days=Decimal("1")
        ),
    )
    cancelled = services.session_log(
        actor=world.consultant_uk,
        engagement=engagement,
        data=services.SessionInput(
            on=TODAY + datetime.timedelta(days=3),
            consultant=world.consultant_uk,
            days=Decimal("1"),
            state=SessionState.PLANNED,
            place="Cancelled place",
        ),
    )
    services.session_cancel(
        actor=world.consultant_uk, engagement=engagement, session_id=cancelled.pk, reason="Off"
    )
    token = services.calendar_feed_reset(actor=world.consultant_uk)
    body = Client().get(_feed_path(token)).content.decode()
    assert body.count("BEGIN:VEVENT") == 1 and "Cancelled place" not in body
    # No longer on the network's team: the feed lists nothing.
    NetworkRole.objects.filter(user=world.consultant_uk).delete()
    body = Client().get(_feed_path(token)).content.decode()
    assert "BEGIN:VEVENT" not in body


def test_the_page(world: World) -> None:
    client = world.client_for("consultant_uk")
    url = reverse("engagements:calendar-feed")
    assert url.encode() in client.get(reverse("engagements:list")).content
    first = client.get(url)
    assert first.status_code == 200 and b"no calendar feed yet" in first.content
    made = client.post(url, {"action": "reset"})
    assert made.status_code == 200
    address = made.context["address"]
    assert "/engagements/feed/" in address and address.encode() in made.content
    token = address.rsplit("/", 1)[1].removesuffix(".ics")
    assert Client().get(_feed_path(token)).status_code == 200
    again = client.get(url)
    assert address.encode() not in again.content and b"Make a new address" in again.content
    off = client.post(url, {"action": "off"})
    assert off.status_code == 302
    assert Client().get(_feed_path(token)).status_code == 404


def test_the_api(world: World) -> None:
    client = token_client(world.consultant_uk)
    assert client.get("/api/v1/consultants/me/calendar-feed").json() == {"on": False, "url": None}
    made = client.post("/api/v1/consultants/me/calendar-feed")
    assert made.status_code == 200 and made.json()["on"]
    url = made.json()["url"]
    assert Client().get(url.split("testserver", 1)[1]).status_code == 200
    assert client.get("/api/v1/consultants/me/calendar-feed").json()["on"]
    assert client.delete("/api/v1/consultants/me/calendar-feed").json() == {
        "on": False,
        "url": None,
    }
    assert Client().get(url.split("testserver", 1)[1]).status_code == 404
    refused = token_client(world.lead_a).post("/api/v1/consultants/me/calendar-feed")
    assert refused.status_code == 403
    _ = json
