"""The idle timeout without a database write on every request (issue #17, decision 0047): a
signed-in page view writes the session only when its expiry is due for renewal, and someone who
keeps using the site is never signed out."""

from __future__ import annotations

import time
from typing import Any

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from recoverynet.accounts.middleware import SESSION_REFRESHED_KEY, refresh_seconds
from tests.conftest import World, sign_in

pytestmark = pytest.mark.django_db


def _session_writes(client: Client, url: str) -> list[str]:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return [
        q["sql"]
        for q in queries.captured_queries
        if "django_session" in q["sql"]
        and q["sql"].lstrip().upper().startswith(("UPDATE", "INSERT"))
    ]


def _age_the_session(client: Client, seconds: int) -> None:
    """As if the session was last saved `seconds` ago."""
    session = client.session
    session[SESSION_REFRESHED_KEY] = int(time.time()) - seconds
    session.save()


def test_a_signed_in_page_view_writes_no_session(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    assert _session_writes(client, "/me/") == []  # not even the first page after signing in
    assert _session_writes(client, "/library/") == []


def test_an_active_person_is_not_signed_out(client: Client, world: World, settings: Any) -> None:
    sign_in(client, world.lead_a)
    client.get("/me/")
    key = client.session.session_key
    _age_the_session(client, refresh_seconds() - 5)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timezone.timedelta(hours=1))
    assert _session_writes(client, "/me/") == []  # not yet due
    _age_the_session(client, refresh_seconds() + 1)
    Session.objects.filter(pk=key).update(expire_date=timezone.now() + timezone.timedelta(hours=1))
    response = client.get("/me/")
    assert response.status_code == 200
    renewed = Session.objects.get(pk=key).expire_date
    expected = timezone.now() + timezone.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    assert abs((renewed - expected).total_seconds()) < 60  # a full idle timeout again
    assert response.cookies[settings.SESSION_COOKIE_NAME]["max-age"] == settings.SESSION_COOKIE_AGE


def test_a_person_idle_past_the_timeout_is_signed_out(client: Client, world: World) -> None:
    sign_in(client, world.lead_a)
    client.get("/me/")
    session = client.session
    Session.objects.filter(pk=session.session_key).update(
        expire_date=timezone.now() - timezone.timedelta(seconds=1)
    )
    if hasattr(session, "cache_key"):  # cached_db (with Redis): the cached copy expires as well
        caches[settings.SESSION_CACHE_ALIAS].delete(session.cache_key)
    response = client.get("/me/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_signed_out_visitors_get_no_session(client: Client, world: World) -> None:
    with CaptureQueriesContext(connection) as queries:
        client.get("/library/")
    assert not [q for q in queries.captured_queries if "django_session" in q["sql"]]
    assert "sessionid" not in client.cookies


def test_renewal_is_at_most_half_the_idle_timeout(settings: Any) -> None:
    settings.SESSION_COOKIE_AGE = 600
    settings.RECOVERYNET_SESSION_REFRESH_SECONDS = 3600
    assert refresh_seconds() == 300
