"""A signed-in person's pages are kept for them (core/private_pages.py, issue #17): given back to the
same session while nothing they show has been written, made afresh after any write through a
service or the admin site, after a change of the person's roles, for anyone else, and never with a
message waiting."""

from __future__ import annotations

from decimal import Decimal
from typing import Any
from unittest import mock

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.contrib.messages.storage.cookie import CookieStorage
from django.core.cache import cache
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext

from recoverynet.accounts import services as account_services
from recoverynet.core import audit, page_cache
from recoverynet.events import services
from recoverynet.events.models import Event
from recoverynet.events.services import DelegateInput
from recoverynet.network.models import JoinedVia, NetworkRole, Participant
from recoverynet.privacy.services import erasure_record
from tests.conftest import make_user, token_client
from tests.events.conftest import delegates, make_event

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("kept_pages")]

MY_BOOKINGS = "/me/bookings/"


def _signed_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    client.get(MY_BOOKINGS)  # a browser's first page: it now has the CSRF cookie
    return client


def _get(client: Client, path: str = MY_BOOKINGS) -> Any:
    response = client.get(path)
    assert response.status_code == 200
    return response


def _book(world: Any, capture: Any, title: str = "Peer support in practice") -> Event:
    event = make_event(world, capacity=50, title=title)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    with capture(execute=True):  # pages are made stale when the booking commits
        services.booking_create(
            actor=world.lead_a, event=event, organisation=world.org_a, delegates=delegates(1, rate)
        )
    return event


def test_the_page_is_kept_for_the_person_and_only_who_they_are_is_read(
    world: Any, django_capture_on_commit_callbacks: Any, django_assert_max_num_queries: Any
) -> None:
    _book(world, django_capture_on_commit_callbacks)
    client = _signed_in(world.lead_a)
    first = _get(client)
    assert first["X-Page-Cache"] == "miss"
    # The session, the person and their roles (the MFA rule; read afresh here because this test's
    # own transaction made them, kept in the shared cache otherwise): nothing of the page's.
    with django_assert_max_num_queries(4):
        again = _get(client)
    assert again["X-Page-Cache"] == "hit"
    assert again.content == first.content
    assert "private" in again["Cache-Control"]
    assert "Content-Security-Policy" in again  # the middleware still adds its headers


def test_a_kept_page_and_its_versions_come_in_one_round_trip(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # The kept path is every returning visit: the answer and the versions it must match are read
    # together (one GET_MANY), not versions first and then the page.
    _book(world, django_capture_on_commit_callbacks)
    client = _signed_in(world.lead_a)
    _get(client)
    with mock.patch.object(page_cache, "cache", wraps=cache) as spy:
        assert _get(client)["X-Page-Cache"] == "hit"
    assert [c[0] for c in spy.method_calls] == ["get_many"]


def test_a_stale_page_is_replaced_not_kept_beside_the_new_one(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _signed_in(world.lead_a)
    with mock.patch.object(page_cache, "cache", wraps=cache) as spy:
        _get(client)
        _book(world, django_capture_on_commit_callbacks, title="Recovery Colleges together")
        assert _get(client)["X-Page-Cache"] == "miss"
    kept_under = [c.args[0] for c in spy.set.call_args_list]
    assert len(kept_under) == 2 and kept_under[0] == kept_under[1]


def test_a_booking_makes_the_page_fresh_at_once(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _signed_in(world.lead_a)
    _get(client)
    assert _get(client)["X-Page-Cache"] == "hit"
    _book(world, django_capture_on_commit_callbacks, title="Recovery Colleges together")
    after = _get(client)
    assert after["X-Page-Cache"] == "miss"
    assert "Recovery Colleges together" in after.content.decode()


def test_nobody_else_gets_the_page_not_even_the_same_person_signed_in_elsewhere(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _book(world, django_capture_on_commit_callbacks)
    lead_a = _signed_in(world.lead_a)
    _get(lead_a)
    assert _get(lead_a)["X-Page-Cache"] == "hit"

    other = _get(_signed_in(world.lead_b))
    assert other["X-Page-Cache"] == "miss"
    assert "Peer support in practice" not in other.content.decode()

    elsewhere = _signed_in(world.lead_a)  # a second browser: its own session and CSRF cookie
    assert _get(elsewhere)["X-Page-Cache"] == "miss"


def test_a_waiting_message_is_shown_not_a_kept_page(world: Any) -> None:
    client = _signed_in(world.lead_a)
    _get(client)
    client.cookies[CookieStorage.cookie_name] = "waiting"
    response = _get(client)
    assert "X-Page-Cache" not in response


def test_losing_a_role_takes_effect_on_the_next_request(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world)
    path = f"/manage/events/{event.public_id}/"
    client = Client()
    client.force_login(world.coordinator_uk)
    _get(client, path)
    _get(client, path)
    assert _get(client, path)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        NetworkRole.objects.filter(user=world.coordinator_uk, network=world.uk).delete()
    assert client.get(path).status_code in (403, 404)


def test_a_change_in_the_admin_site_makes_pages_fresh(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = _book(world, django_capture_on_commit_callbacks)
    client = _signed_in(world.lead_a)
    _get(client)
    assert _get(client)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Event.objects.filter(pk=event.pk).update(title="Renamed in the admin site")
        LogEntry.objects.create(
            user=world.admin,
            content_type=ContentType.objects.get_for_model(Event),
            object_id=str(event.pk),
            object_repr="Renamed in the admin site",
            action_flag=CHANGE,
        )
    after = _get(client)
    assert after["X-Page-Cache"] == "miss"
    assert "Renamed in the admin site" in after.content.decode()


def test_nothing_is_kept_without_a_shared_cache(world: Any, settings: Any) -> None:
    settings.REDIS_URL = ""
    client = _signed_in(world.lead_a)
    _get(client)
    assert "X-Page-Cache" not in _get(client)


def test_an_api_answer_is_kept_for_the_token_and_a_revoked_token_is_refused(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    _book(world, django_capture_on_commit_callbacks)
    created = account_services.api_token_create(actor=world.lead_a, name="Kept answers")
    client = Client(HTTP_AUTHORIZATION=f"Bearer {created.raw}")
    with CaptureQueriesContext(connection) as queries:
        first = client.get("/api/v1/bookings")
    assert first.status_code == 200 and first["X-Page-Cache"] == "miss"
    # The key and then the operation authenticate the token: it is read once.
    assert sum('FROM "accounts_apitoken"' in q["sql"] for q in queries.captured_queries) == 1
    again = client.get("/api/v1/bookings")
    assert again["X-Page-Cache"] == "hit" and again.json() == first.json()

    account_services.api_token_revoke(actor=world.lead_a, token_id=created.token.pk)
    refused = client.get("/api/v1/bookings")
    assert refused.status_code == 401
    assert "X-Page-Cache" not in refused


def test_a_batch_of_entries_bumps_each_app_once(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    event = make_event(world)
    # As a booking records its entries under the event's lock: in one batch.
    with (
        django_capture_on_commit_callbacks() as callbacks,
        transaction.atomic(),
        audit.batched(),
    ):
        for _ in range(3):
            audit.record(actor=world.coordinator_uk, action="events.test.touched", obj=event)
        audit.record(actor=world.coordinator_uk, action="network.test", obj=world.uk)
    assert len(callbacks) == 2  # "events" and "network", each bumped once when it commits


def test_an_erasure_by_the_team_makes_kept_answers_fresh(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """An erasure wipes rows of many apps under one entry of its own (core): every kept page and
    answer names "core", so the erased person's name and address are never served again."""
    event = make_event(world, capacity=20)
    rate = services.rate_create(
        actor=world.coordinator_uk, event=event, kind="free", name="Free", net_amount=Decimal("0")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.booking_create(
            actor=world.lead_b,
            event=event,
            organisation=world.org_b,
            delegates=[
                DelegateInput(name="Alex Private", email=world.lead_b.email, rate_id=rate.pk)
            ],
        )
    client = token_client(world.coordinator_uk)
    path = f"/api/v1/events/{event.public_id}/attendance"
    first = client.get(path)
    assert "Alex Private" in first.content.decode()
    assert client.get(path)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        erasure_record(actor=world.coordinator_uk, email=world.lead_b.email)
    after = client.get(path)
    assert after.status_code == 200 and after["X-Page-Cache"] == "miss"
    assert "Alex Private" not in after.content.decode()
    assert world.lead_b.email not in after.content.decode()


def test_someone_else_signing_in_leaves_a_kept_page_kept(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    client = _signed_in(world.lead_a)
    _get(client)
    assert _get(client)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        Client().force_login(world.lead_b)  # records "signed in", which no page shows
    assert _get(client)["X-Page-Cache"] == "hit"


def test_a_changed_email_address_makes_the_persons_pages_fresh(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    """Places are found by address: allauth's e-mail change (no service of ours) is recorded and
    makes kept pages stale, so places held under the old address stop showing at once."""
    from allauth.account.signals import email_changed

    client = _signed_in(world.lead_a)
    _get(client)
    assert _get(client)["X-Page-Cache"] == "hit"
    with django_capture_on_commit_callbacks(execute=True):
        email_changed.send(
            sender=type(world.lead_a),
            request=None,
            user=world.lead_a,
            from_email_address=None,
            to_email_address=None,
        )
    assert _get(client)["X-Page-Cache"] == "miss"


def test_a_process_that_keeps_no_pages_still_makes_others_stale(
    world: Any, settings: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # A worker (or a server run with keeping off) shares the cache with servers that keep pages.
    lead = _signed_in(world.lead_a)
    assert _get(lead)["X-Page-Cache"] == "miss"
    assert _get(lead)["X-Page-Cache"] == "hit"
    settings.PRIVATE_PAGE_CACHE_SECONDS = 0
    _book(world, django_capture_on_commit_callbacks)
    settings.PRIVATE_PAGE_CACHE_SECONDS = 60
    assert _get(lead)["X-Page-Cache"] == "miss"


def test_a_bulk_deletion_in_the_admin_site_makes_pages_fresh(
    world: Any, django_capture_on_commit_callbacks: Any
) -> None:
    # Django logs a deletion of many rows with bulk_create, which sends no post_save.
    people = [world.lead_a, world.staff_a]
    chosen = [
        Participant.objects.get_or_create(
            user=p, network=world.ie, defaults={"joined_via": JoinedVia.choices[0][0]}
        )[0].pk
        for p in people
    ]
    before = page_cache.versions("writes:network")
    admin = world.client_for("admin")
    form = {"action": "delete_selected", "_selected_action": chosen}
    asked = admin.post("/admin/network/participant/", form)
    assert asked.status_code == 200  # "are you sure?": nothing is deleted yet
    assert page_cache.versions("writes:network") == before
    with django_capture_on_commit_callbacks(execute=True):
        done = admin.post("/admin/network/participant/", {**form, "post": "yes"})
    assert done.status_code == 302
    assert not Participant.objects.filter(pk__in=chosen).exists()
    assert page_cache.versions("writes:network") != before


@pytest.mark.parametrize("how", ["one", "many"])
def test_a_deletion_in_the_admin_site_makes_fresh_what_its_cascades_wipe(
    world: Any, how: str, django_capture_on_commit_callbacks: Any
) -> None:
    # Deleting people (accounts) takes their participation in a network (network) with them.
    people = [make_user(f"leaving{i}@example.org") for i in range(2 if how == "many" else 1)]
    for person in people:
        Participant.objects.create(
            user=person, network=world.ie, joined_via=JoinedVia.choices[0][0]
        )
    before = page_cache.versions("writes:network")
    admin = world.client_for("admin")
    with django_capture_on_commit_callbacks(execute=True):
        if how == "one":
            done = admin.post(f"/admin/accounts/user/{people[0].pk}/delete/", {"post": "yes"})
        else:
            chosen = [p.pk for p in people]
            done = admin.post(
                "/admin/accounts/user/",
                {"action": "delete_selected", "_selected_action": chosen, "post": "yes"},
            )
    assert done.status_code == 302
    assert not Participant.objects.filter(user__in=people).exists()
    assert page_cache.versions("writes:network") != before
