"""The public events pages are cached for signed-out visitors and made fresh by the domain events
that change them (core/page_cache.py, issue #17)."""

from __future__ import annotations

import datetime

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from recoverynet.events import services

from .conftest import delegates

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("cache_on")]


@pytest.fixture
def cache_on():
    cache.clear()
    with override_settings(PAGE_CACHE_SECONDS=60):
        yield
    cache.clear()


def _get(client: Client, path: str):
    response = client.get(path)
    assert response.status_code == 200
    return response


def test_a_signed_out_visitor_gets_the_cached_page_without_touching_the_database(
    event, django_assert_num_queries
):
    path = f"/events/{event.public_id}/"
    first = _get(Client(), path)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = _get(Client(), path)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "Content-Security-Policy" in second  # the middleware still adds its headers
    assert "Cookie" in second["Vary"]  # no shared cache may hand it to someone signed in


def test_a_booking_makes_the_event_page_fresh(world, event, django_capture_on_commit_callbacks):
    path = f"/events/{event.public_id}/"
    _get(Client(), path)
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            actor=world.outsider, event=event, delegates=delegates(3, event.non_member_rate)
        )
    after = _get(Client(), path)
    assert after["X-Page-Cache"] == "miss"
    assert "7 places left" in after.content.decode() or "7 of 10" in after.content.decode()


def test_joining_the_waiting_list_makes_the_event_page_fresh(
    world, event, django_capture_on_commit_callbacks
):
    # The page shows how many are waiting, so a booking that only joins the list changes it too.
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            actor=world.outsider, event=event, delegates=delegates(10, event.non_member_rate)
        )
    path = f"/events/{event.public_id}/"
    _get(Client(), path)
    assert _get(Client(), path)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        waiting = services.booking_create(
            actor=world.outsider, event=event, delegates=delegates(1, event.non_member_rate)
        )
    assert waiting.booking.status == "waiting"
    assert _get(Client(), path)["X-Page-Cache"] == "miss"


def test_changing_the_event_makes_the_list_and_the_page_fresh(
    world, event, django_capture_on_commit_callbacks
):
    _get(Client(), "/events/")
    assert _get(Client(), "/events/")["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        services.event_update(actor=world.coordinator_uk, event=event, title="Renamed debate")
    fresh = _get(Client(), "/events/")
    assert fresh["X-Page-Cache"] == "miss"
    assert "Renamed debate" in fresh.content.decode()


def test_signed_in_people_always_get_their_own_page(world, event):
    path = f"/events/{event.public_id}/"
    _get(Client(), path)
    client = Client()
    client.force_login(world.outsider)
    response = _get(client, path)
    assert "X-Page-Cache" not in response


def test_a_page_with_a_form_is_never_stored(world):
    from .conftest import make_event

    interest = make_event(world, booking_mode="interest")
    path = f"/events/{interest.public_id}/"
    assert "X-Page-Cache" not in _get(Client(), path)  # the form's CSRF token is the visitor's own
    assert "X-Page-Cache" not in _get(Client(), path)


def test_off_without_a_shared_cache(event):
    with override_settings(PAGE_CACHE_SECONDS=0):
        assert "X-Page-Cache" not in _get(Client(), f"/events/{event.public_id}/")


def test_the_directory_is_fresh_after_a_membership_starts(
    world, django_capture_on_commit_callbacks
):
    from recoverynet.network import services as network_services
    from recoverynet.network.models import Organisation

    _get(Client(), "/directory/")
    assert _get(Client(), "/directory/")["X-Page-Cache"] == "hit"
    newcomer = Organisation.objects.create(name="Newcomer Trust", slug="newcomer", kind="nhs")
    with django_capture_on_commit_callbacks(execute=True):
        network_services.membership_create(
            actor=world.coordinator_uk,
            organisation=newcomer,
            network=world.uk,
            tier=world.uk.tiers.first(),
            valid_from=datetime.date.today(),
        )
    fresh = _get(Client(), "/directory/")
    assert fresh["X-Page-Cache"] == "miss"


def test_the_public_api_reads_are_cached_for_callers_without_a_token(
    world, event, django_assert_num_queries
):
    for path in ("/api/v1/events", f"/api/v1/events/{event.public_id}", "/api/v1/organisations"):
        first = _get(Client(), path)
        with django_assert_num_queries(0):
            second = _get(Client(), path)
        assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit"), path
        assert second.json() == first.json()


def test_a_caller_with_a_token_is_never_served_from_the_cache(world, event):
    # A token may see more than the public (an organiser's drafts), so its answers are its own.
    from tests.conftest import token_client

    client = token_client(world.lead_a, scopes=("read",))
    for path in ("/api/v1/events", f"/api/v1/events/{event.public_id}"):
        _get(Client(), path)  # cached for the public
        answer = client.get(path)
        assert answer.status_code == 200 and "X-Page-Cache" not in answer, path
